from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = 'gencloud_mfa'
    verbose_name = _('GenCloud MFA')
