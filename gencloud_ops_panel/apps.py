from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsPanelConfig(AppConfig):
    name = 'gencloud_ops_panel'
    verbose_name = _('GenCloud Operations')
