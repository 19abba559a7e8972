from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = 'gencloud_mfa'
    verbose_name = _('GenCloud MFA')

    def ready(self) -> None:
        from gencloud_mfa.checks import mfa_settings_check
        checks.register(mfa_settings_check, checks.Tags.security)
