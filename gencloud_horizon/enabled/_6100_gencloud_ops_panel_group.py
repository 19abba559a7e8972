from django.utils.translation import gettext_lazy as _

PANEL_GROUP = 'gencloud_ops'
PANEL_GROUP_NAME = _('Operations')
PANEL_GROUP_DASHBOARD = 'admin'

ADD_INSTALLED_APPS = ['gencloud_ops_panel']
