"""Admin operations on users' MFA, given a keystoneclient with admin rights.

Used by the Identity > Users panel (with the logged-in admin's own token) and
by `manage.py gencloud_mfa` (with the operator's OS_* credentials). Keeps
the pure formatting apart so it can be unit tested without Keystone. Both
changes (re)open the user's enrollment window (window.py) in Keystone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

from gencloud_mfa import recovery, window
from gencloud_mfa import rules as mfa_rules

ADMIN_ENV = ('OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME')


@dataclass(frozen=True)
class MfaStatus:
    user_id: str
    name: str
    enabled: bool
    rules: list[list[str]]
    enrolled: bool | None  # None: could not be read
    totp_count: int = 0  # more than 1 is unexpected: Keystone accepts a code from any

    @property
    def single_factor_totp(self) -> bool:
        """Holds a TOTP credential that Keystone accepts on its own (fix: Require MFA)."""
        return bool(self.enrolled) and mfa_rules.totp_alone_signs_in(self.enabled, self.rules)


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


def mfa_protected(user) -> bool:
    """MFA is on with TOTP as a second factor only: nothing for Require MFA to fix."""
    enabled, rules = mfa_options(user)
    return requires_totp(enabled, rules) and not mfa_rules.totp_alone_signs_in(enabled, rules)


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
    """MFA rules and a fresh enrollment window, in one user update."""
    kc.users.update(user_id, options={'multi_factor_auth_enabled': True,
                                      'multi_factor_auth_rules': rules},
                    **window.opening())


# What a reset deletes: the authenticator and the recovery codes made with it,
# so codes printed for a lost or stolen phone stop working with it.
RESET_TYPES = ('totp', recovery.CREDENTIAL_TYPE)


def reset_authenticator(kc, user_id: str) -> int:
    """Delete the user's TOTP credentials and recovery codes; the number of TOTP ones.

    Rules stay, so the next login enrolls again. The window opens first: if a
    deletion then fails, the user still has an authenticator and nothing is
    locked out.
    """
    kc.users.update(user_id, **window.opening())
    doomed = [cred for cred in kc.credentials.list(user_id=user_id)
              if cred.type in RESET_TYPES]
    for credential in doomed:
        kc.credentials.delete(credential)
    return sum(cred.type == 'totp' for cred in doomed)


def missing_admin_env(env: Mapping[str, str]) -> list[str]:
    return [name for name in ADMIN_ENV if not env.get(name)]


def admin_client_from_env(env: Mapping[str, str], auth_url: str) -> ks_client.Client:
    """A keystoneclient with the operator's OS_* admin credentials (never the service user's)."""
    auth = v3.Password(
        auth_url=env.get('OS_AUTH_URL') or auth_url,
        username=env['OS_USERNAME'], password=env['OS_PASSWORD'],
        project_name=env['OS_PROJECT_NAME'],
        user_domain_name=env.get('OS_USER_DOMAIN_NAME', 'Default'),
        project_domain_name=env.get('OS_PROJECT_DOMAIN_NAME', 'Default'))
    return ks_client.Client(session=ks_session.Session(auth=auth), interface='public')


def single_factor_totp_users(kc, domain: str | None = None) -> list[MfaStatus]:
    """Users with a TOTP credential that Keystone accepts without the password."""
    rows = statuses(kc.users.list(domain=domain), totp_credentials_by_user(kc))
    return [row for row in rows if row.single_factor_totp]
