import horizon
from django.utils.translation import gettext_lazy as _


class Rings(horizon.Panel):
    name = _('Storage Rings')
    slug = 'gencloud_rings'
    permissions = ('openstack.roles.admin',)
