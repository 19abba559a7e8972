import horizon
from django.utils.translation import gettext_lazy as _


class Alerts(horizon.Panel):
    name = _('Alerts')
    slug = 'gencloud_alerts'
    permissions = ('openstack.roles.admin',)
