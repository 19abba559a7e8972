"""Session-wide real stack for integration tests (started once, stopped always)."""
from __future__ import annotations

import itertools
import uuid

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

from devstack import seed
from devstack.horizon_client import HorizonClient
from devstack.stack import Stack

# Short enough that the expiry tests wait little, long enough for any login step.
RECEIPT_SECONDS = 20
ADDRESS_MAX_USERS = 3
# bcrypt's lowest cost: each password check takes 1 ms instead of 0.24 s of a
# shared core. The demo and the benches keep Keystone's default (12).
BCRYPT_ROUNDS = 4

_client_ips = (f'198.51.100.{n}' for n in itertools.count(1))


@pytest.fixture(scope='session')
def live_stack(tmp_path_factory):
    """The Stack object: Keystone + memcached + two Horizon processes (2 workers each)."""
    the_stack = Stack(tmp_path_factory.mktemp('stack'), receipt_expiration=RECEIPT_SECONDS,
                      horizons=2, password_hash_rounds=BCRYPT_ROUNDS,
                      horizon_settings={
                          # Each test poses as its own client address (see client_ip).
                          'SECURE_PROXY_ADDR_HEADER': 'HTTP_X_FORWARDED_FOR',
                          # Few users suffice to show an address locked across accounts.
                          'GENCLOUD_MFA_ADDRESS_MAX_USERS': ADDRESS_MAX_USERS,
                      })
    with the_stack:
        yield the_stack


@pytest.fixture(scope='session')
def stack(live_stack):
    """stack.json of the session stack: URLs, ports, logins, pids."""
    return live_stack.info


@pytest.fixture(scope='session')
def unguarded_keystone_url(live_stack):
    """Upstream's TOTP method on the stack's Keystone database: no keystone-guard."""
    return live_stack.start_unguarded_keystone()


COMPLIANCE = {'change_password_upon_first_use': 'true', 'password_expires_days': '90',
              'password_regex': '^.{12,}$',
              'password_regex_description': 'at least 12 characters'}


@pytest.fixture(scope='session')
def compliance_stack(live_stack):
    """A Horizon node on a second Keystone (same database) with [security_compliance]
    COMPLIANCE: users created through it must change their password on first use.
    Passwords set before (admin, the MFA service identity, the seed users) have no
    expiry date, so only users created or reset through this Keystone are affected.
    Horizon's Identity panels use the catalog's (the stack's) Keystone, so a test sets
    the temporary password with an admin client on `keystone_url`."""
    keystone_url = live_stack.start_compliance_keystone(COMPLIANCE)
    url = live_stack.start_horizon_node('horizon-compliance', {
        'OPENSTACK_KEYSTONE_URL': keystone_url, 'ALLOW_USERS_CHANGE_EXPIRED_PASSWORD': True})
    yield {'horizon_url': url, 'keystone_url': keystone_url}
    live_stack.stop('horizon-compliance')


@pytest.fixture(scope='session')
def keystone_admin(stack):
    return seed.admin_client(stack['keystone_url'])


@pytest.fixture(scope='session')
def service(stack):
    """A Keystone client as Horizon's MFA service identity (what local_settings holds)."""
    auth = v3.Password(auth_url=stack['keystone_url'], **stack['logins']['mfa_service'])
    return ks_client.Client(session=ks_session.Session(auth=auth), interface='public')


@pytest.fixture
def client_ip():
    """A client address of this test's own, so failure counters do not mix."""
    return next(_client_ips)


@pytest.fixture
def new_user(keystone_admin):
    """Factory: a fresh user (MFA rules by default, no TOTP credential)."""
    project = keystone_admin.projects.list(name='demo')[0]

    def make(mfa: bool = True, totp_secret: str | None = None, name: str | None = None,
             rules: list[list[str]] | None = None) -> dict:
        name = name or f'user-{uuid.uuid4().hex[:10]}'
        password = f'pw-{uuid.uuid4().hex[:10]}'
        user = seed.create_user(keystone_admin, name, password, project, mfa=mfa,
                                totp_secret=totp_secret, rules=rules)
        return {'id': user.id, 'username': name, 'password': password,
                'totp_secret': totp_secret}

    return make


@pytest.fixture(scope='module')
def admin(stack):
    """A Horizon session logged in as the stack's admin (no MFA)."""
    client = HorizonClient(stack['horizon_url'])
    login = stack['logins']['admin']
    client.login(login['username'], login['password'])
    return client
