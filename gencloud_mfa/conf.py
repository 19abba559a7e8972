"""Our settings, read with the names operators already use in local_settings.py.

The MFA_* / ENABLE_DEFAULT_MFA / DEFAULT_MFA_RULES names come from the
patched-Horizon setup this app replaces, so existing local_settings keep
working unchanged. GENCLOUD_MFA_* names are new knobs with safe defaults.
"""
from __future__ import annotations

import socket
from dataclasses import dataclass

from django.conf import settings

DEFAULT_RULES = [['password', 'totp'], ['application_credential']]
DAY = 86400


@dataclass(frozen=True)
class MfaSettings:
    self_enroll: bool
    issuer: str
    digits: int
    period: int
    service_user: dict | None
    app_cred_id: str | None
    app_cred_secret: str | None
    app_domain: str
    default_mfa: bool
    default_rules: list
    max_failures: int
    user_max_failures: int
    address_max_users: int
    address_window: int
    lockout_seconds: int
    lockout_factor: float
    lockout_max_seconds: int
    failure_memory: int
    service_role: str
    replay_seconds: int
    previous_windows: int
    keystone_timeout: float
    enroll_window_hours: float | None  # None: no enrollment window
    audit_keep: int
    node_name: str


def get() -> MfaSettings:
    def value(name, default):
        return getattr(settings, name, default)

    max_failures = int(value('GENCLOUD_MFA_MAX_FAILURES', 5))
    return MfaSettings(
        self_enroll=bool(value('MFA_SELF_ENROLL_ENABLED', True)),
        issuer=str(value('MFA_SELF_ENROLL_ISSUER', 'GenCloud')),
        digits=int(value('MFA_SELF_ENROLL_DIGITS', 6)),
        period=int(value('MFA_SELF_ENROLL_PERIOD', 30)),
        service_user=value('GENCLOUD_MFA_SERVICE_USER', None),
        app_cred_id=value('MFA_KS_APP_CRED_ID', None),
        app_cred_secret=value('MFA_KS_APP_CRED_SECRET', None),
        app_domain=str(value('MFA_KS_APP_DOMAIN', 'Default')),
        default_mfa=bool(value('ENABLE_DEFAULT_MFA', False)),
        default_rules=list(value('DEFAULT_MFA_RULES', DEFAULT_RULES)),
        max_failures=max_failures,
        user_max_failures=int(value('GENCLOUD_MFA_USER_MAX_FAILURES', 2 * max_failures)),
        address_max_users=int(value('GENCLOUD_MFA_ADDRESS_MAX_USERS', 20)),
        address_window=int(value('GENCLOUD_MFA_ADDRESS_WINDOW_SECONDS', 3600)),
        lockout_seconds=int(value('GENCLOUD_MFA_LOCKOUT_SECONDS', 300)),
        lockout_factor=float(value('GENCLOUD_MFA_LOCKOUT_FACTOR', 6)),
        lockout_max_seconds=int(value('GENCLOUD_MFA_LOCKOUT_MAX_SECONDS', 30 * DAY)),
        failure_memory=int(value('GENCLOUD_MFA_FAILURE_MEMORY_SECONDS', 365 * DAY)),
        service_role=str(value('GENCLOUD_MFA_SERVICE_ROLE', 'mfa_enroller')),
        replay_seconds=int(value('GENCLOUD_MFA_REPLAY_SECONDS', 90)),
        previous_windows=int(value('GENCLOUD_MFA_TOTP_PREVIOUS_WINDOWS', 1)),
        keystone_timeout=float(value('GENCLOUD_MFA_KEYSTONE_TIMEOUT', 10)),
        enroll_window_hours=_positive_or_none(value('GENCLOUD_MFA_ENROLL_WINDOW_HOURS', None)),
        audit_keep=max(1, int(value('GENCLOUD_MFA_AUDIT_KEEP', 50))),
        node_name=str(value('GENCLOUD_MFA_NODE_NAME', None) or socket.gethostname()),
    )


def _positive_or_none(hours) -> float | None:
    """None, 0 or a negative number switch the window off."""
    return float(hours) if hours and float(hours) > 0 else None
