"""Admin operations on users' MFA, given a keystoneclient with admin rights.

Used by the Identity > Users panel (with the logged-in admin's own token) and
by `manage.py gencloud_mfa` (with the operator's OS_* credentials). Keeps
the pure formatting apart so it can be unit tested without Keystone. Both
changes (re)open the user's enrollment window (window.py) in Keystone.
"""
from __future__ import annotations

from dataclasses import dataclass

from gencloud_mfa import window


@dataclass(frozen=True)
class MfaStatus:
    user_id: str
    name: str
    enabled: bool
    rules: list[list[str]]
    enrolled: bool | None  # None: could not be read


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


def enrolled_user_ids(kc) -> set[str]:
    """Users holding at least one TOTP credential: one Keystone request for all."""
    return {cred.user_id for cred in kc.credentials.list(type='totp')}


def statuses(users, enrolled: set[str] | None) -> list[MfaStatus]:
    rows = []
    for user in users:
        enabled, rules = mfa_options(user)
        rows.append(MfaStatus(user.id, user.name, enabled, rules,
                              None if enrolled is None else user.id in enrolled))
    return rows


def require_mfa(kc, user_id: str, rules: list[list[str]]) -> None:
    """MFA rules and a fresh enrollment window, in one user update."""
    kc.users.update(user_id, options={'multi_factor_auth_enabled': True,
                                      'multi_factor_auth_rules': rules},
                    **window.opening())


def reset_authenticator(kc, user_id: str) -> int:
    """Delete the user's TOTP credentials (rules stay: next login enrolls again).

    The window opens first: if a deletion then fails, the user still has an
    authenticator and nothing is locked out.
    """
    kc.users.update(user_id, **window.opening())
    credentials = kc.credentials.list(user_id=user_id, type='totp')
    for credential in credentials:
        kc.credentials.delete(credential)
    return len(credentials)
