from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = 'gencloud_mfa'
    verbose_name = _('GenCloud MFA')

    def ready(self) -> None:
        from gencloud_mfa.checks import (
            keystone_guard_check,
            keystone_users_check,
            mfa_settings_check,
        )
        checks.register(mfa_settings_check, checks.Tags.security)
        # One unauthenticated request with a 5 s timeout; `check`, never Horizon's start-up.
        checks.register(keystone_guard_check, checks.Tags.security)
        # Asks Keystone, so only on `check --deploy` (never at every start-up).
        checks.register(keystone_users_check, checks.Tags.security, deploy=True)
