"""Admin operations on users' MFA, given a keystoneclient with admin rights.

Used by the Identity > Users panel (with the logged-in admin's own token) and
by `manage.py gencloud_mfa` (with the operator's OS_* credentials). Keeps
the pure formatting apart so it can be unit tested without Keystone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class MfaStatus:
    user_id: str
    name: str
    enabled: bool
    rules: list[list[str]]
    enrolled: bool | None  # None: could not be read
    totp_count: int = 0  # more than 1 is unexpected: Keystone accepts a code from any


def mfa_options(user) -> tuple[bool, list[list[str]]]:
    """(multi_factor_auth_enabled, rules) from a Keystone user ref or object."""
    options = (user.get('options') if isinstance(user, dict)
               else getattr(user, 'options', None)) or {}
    return (bool(options.get('multi_factor_auth_enabled')),
            list(options.get('multi_factor_auth_rules') or []))


def format_rules(rules: list[list[str]]) -> str:
    """[['password','totp'],['application_credential']] -> 'password+totp | application_credential'."""
    return ' | '.join('+'.join(rule) for rule in rules)


def requires_totp(enabled: bool, rules: list[list[str]]) -> bool:
    """Whether every way in still needs TOTP for a password login."""
    return enabled and any('totp' in rule for rule in rules)


def totp_credentials_by_user(kc) -> dict[str, list]:
    """Each user's TOTP credentials: one Keystone request for all users."""
    by_user: dict[str, list] = {}
    for cred in kc.credentials.list(type='totp'):
        by_user.setdefault(cred.user_id, []).append(cred)
    return by_user


def statuses(users, totp: Mapping[str, list] | None) -> list[MfaStatus]:
    """TOTP: totp_credentials_by_user(), or None when it could not be read."""
    rows = []
    for user in users:
        enabled, rules = mfa_options(user)
        count = len(totp.get(user.id, ())) if totp is not None else 0
        rows.append(MfaStatus(user.id, user.name, enabled, rules,
                              None if totp is None else count > 0, count))
    return rows


def require_mfa(kc, user_id: str, rules: list[list[str]]) -> None:
    kc.users.update(user_id, options={'multi_factor_auth_enabled': True,
                                      'multi_factor_auth_rules': rules})


def reset_authenticator(kc, user_id: str) -> int:
    """Delete the user's TOTP credentials (rules stay: next login enrolls again)."""
    credentials = kc.credentials.list(user_id=user_id, type='totp')
    for credential in credentials:
        kc.credentials.delete(credential)
    return len(credentials)
