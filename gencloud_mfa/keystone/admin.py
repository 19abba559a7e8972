"""Admin operations on users' MFA, with a keystoneclient that has admin rights.

Used by Identity > Users (the logged-in admin's own token, dashboards/base.py) and by
`manage.py gencloud_mfa` and `check --deploy` (the operator's OS_*
credentials, `client_from_env`). Both changes (re)open the user's enrollment
window (logic/enroll_window.py) in Keystone. keystoneclient's exceptions pass
through: Horizon's `exceptions.handle` and the CLI report them by kind.
"""
from __future__ import annotations

from collections.abc import Mapping

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

from gencloud_mfa.logic import enroll_window, mfa_rules, recovery_codes, totp

ADMIN_ENV = ('OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME')
# What a reset deletes: the authenticator and the recovery codes made with it,
# so codes printed for a lost or stolen phone stop working with it.
RESET_TYPES = (totp.CREDENTIAL_TYPE, recovery_codes.CREDENTIAL_TYPE)


def missing_admin_env(env: Mapping[str, str]) -> list[str]:
    return [name for name in ADMIN_ENV if not env.get(name)]


def client_from_env(env: Mapping[str, str], auth_url: str) -> ks_client.Client:
    """A keystoneclient with the operator's OS_* admin credentials (never the service user's)."""
    auth = v3.Password(
        auth_url=env.get('OS_AUTH_URL') or auth_url,
        username=env['OS_USERNAME'], password=env['OS_PASSWORD'],
        project_name=env['OS_PROJECT_NAME'],
        user_domain_name=env.get('OS_USER_DOMAIN_NAME', 'Default'),
        project_domain_name=env.get('OS_PROJECT_DOMAIN_NAME', 'Default'))
    return ks_client.Client(session=ks_session.Session(auth=auth), interface='public')


def totp_credentials_by_user(kc) -> dict[str, list]:
    """Each user's TOTP credentials: one Keystone request for all users."""
    by_user: dict[str, list] = {}
    for cred in kc.credentials.list(type=totp.CREDENTIAL_TYPE):
        by_user.setdefault(cred.user_id, []).append(cred)
    return by_user


def single_factor_totp_users(kc, domain: str | None = None) -> list[mfa_rules.MfaStatus]:
    """Users with a TOTP credential that Keystone accepts without the password."""
    rows = mfa_rules.statuses(kc.users.list(domain=domain), totp_credentials_by_user(kc))
    return [row for row in rows if row.single_factor_totp]


def require_mfa(kc, user_id: str, rules: list[list[str]]) -> None:
    """MFA rules and a fresh enrollment window, in one user update."""
    kc.users.update(user_id, options={'multi_factor_auth_enabled': True,
                                      'multi_factor_auth_rules': rules},
                    **enroll_window.opening())


def reset_authenticator(kc, user_id: str) -> int:
    """Delete the user's TOTP credentials and recovery codes; the number of TOTP ones.

    Rules stay, so the next login enrolls again. The window opens first: if a
    deletion then fails, the user still has an authenticator and nothing is
    locked out.
    """
    kc.users.update(user_id, **enroll_window.opening())
    doomed = [cred for cred in kc.credentials.list(user_id=user_id)
              if cred.type in RESET_TYPES]
    for credential in doomed:
        kc.credentials.delete(credential)
    return sum(cred.type == totp.CREDENTIAL_TYPE for cred in doomed)
