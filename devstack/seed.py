"""Demo data: an admin, a plain member, an MFA user awaiting enrollment, an enrolled MFA user."""
from __future__ import annotations

import base64
import secrets

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

from devstack.keystone import ADMIN_PASSWORD

MFA_RULES = [['password', 'totp'], ['application_credential']]


def admin_client(keystone_url: str) -> ks_client.Client:
    """An admin client that sends every request to KEYSTONE_URL. Without
    endpoint_override keystoneclient takes the catalog's (the stack's) Keystone,
    so a second Keystone's config (compliance, unguarded) would not apply."""
    auth = v3.Password(auth_url=keystone_url, username='admin', password=ADMIN_PASSWORD,
                       project_name='admin', user_domain_id='default',
                       project_domain_id='default')
    return ks_client.Client(session=ks_session.Session(auth=auth), interface='public',
                            endpoint_override=keystone_url)


def new_totp_secret() -> str:
    """20 random bytes, base32 without padding, as Keystone stores TOTP blobs."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip('=')


def create_user(kc: ks_client.Client, name: str, password: str, project, *,
                mfa: bool, totp_secret: str | None = None, rules: list | None = None):
    options = {'multi_factor_auth_enabled': True, 'multi_factor_auth_rules': rules or MFA_RULES}
    user = kc.users.create(name=name, domain='default', password=password,
                           default_project=project, **({'options': options} if mfa else {}))
    kc.roles.grant(_role(kc, 'member'), user=user, project=project)
    if totp_secret:
        kc.credentials.create(user=user, type='totp', blob=totp_secret)
    return user


def _role(kc: ks_client.Client, name: str):
    return kc.roles.list(name=name)[0]


MFA_SERVICE_USER = 'horizon-mfa'
MFA_SERVICE_PASSWORD = 'horizon-mfa-secret'  # noqa: S105 - loopback stack
# Horizon's GENCLOUD_MFA_SERVICE_USER; known before Keystone is up.
MFA_SERVICE_LOGIN = {'username': MFA_SERVICE_USER, 'password': MFA_SERVICE_PASSWORD,
                     'user_domain_name': 'Default', 'project_name': 'service',
                     'project_domain_name': 'Default'}


def create_mfa_service_user(kc: ks_client.Client) -> dict:
    """Horizon's MFA service identity: only the `mfa_enroller` role (see keystone.py)."""
    service = kc.projects.create(name='service', domain='default')
    user = kc.users.create(name=MFA_SERVICE_USER, domain='default',
                           password=MFA_SERVICE_PASSWORD, default_project=service)
    kc.roles.grant(kc.roles.create(name='mfa_enroller'), user=user, project=service)
    return dict(MFA_SERVICE_LOGIN)


def seed(keystone_url: str) -> dict:
    """Create the demo users; return their logins for stack.json."""
    kc = admin_client(keystone_url)
    project = kc.projects.create(name='demo', domain='default')
    logins = {'admin': {'username': 'admin', 'password': ADMIN_PASSWORD, 'mfa': False}}
    create_user(kc, 'member', 'member-secret', project, mfa=False)
    logins['member'] = {'username': 'member', 'password': 'member-secret', 'mfa': False}
    create_user(kc, 'demo', 'demo-secret', project, mfa=True)
    logins['demo'] = {'username': 'demo', 'password': 'demo-secret', 'mfa': True,
                      'totp_secret': None}
    secret = new_totp_secret()
    create_user(kc, 'enrolled', 'enrolled-secret', project, mfa=True, totp_secret=secret)
    logins['enrolled'] = {'username': 'enrolled', 'password': 'enrolled-secret', 'mfa': True,
                          'totp_secret': secret}
    logins['mfa_service'] = create_mfa_service_user(kc)
    return logins
