import horizon
from django.utils.translation import gettext_lazy as _


class GPU(horizon.Panel):
    name = _('GPU')
    slug = 'gencloud_gpu'
    permissions = ('openstack.roles.admin',)
