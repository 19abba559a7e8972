"""The MFA service user can do what enrollment and recovery need and nothing more."""
from __future__ import annotations

import pytest
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

pytestmark = pytest.mark.integration


@pytest.fixture(scope='module')
def service(stack):
    auth = v3.Password(auth_url=stack['keystone_url'], **stack['logins']['mfa_service'])
    return ks_client.Client(session=ks_session.Session(auth=auth), interface='public')


def test_can_list_and_create_totp_credentials(service, new_user, keystone_admin):
    user = new_user()
    assert service.credentials.list(user_id=user['id'], type='totp') == []
    service.credentials.create(user=user['id'], type='totp', blob='JBSWY3DPEHPK3PXP')
    assert len(keystone_admin.credentials.list(user_id=user['id'], type='totp')) == 1


def test_can_read_and_delete_recovery_codes_and_delete_totp(service, new_user, keystone_admin):
    """A recovery code is used up and the lost authenticator removed at login."""
    user = new_user()
    recovery = keystone_admin.credentials.create(user=user['id'], type='gencloud-recovery',
                                                 blob='{}')
    totp = keystone_admin.credentials.create(user=user['id'], type='totp',
                                             blob='JBSWY3DPEHPK3PXP')
    assert [c.id for c in service.credentials.list(user_id=user['id'],
                                                   type='gencloud-recovery')] == [recovery.id]
    service.credentials.delete(recovery)
    service.credentials.delete(totp)
    assert keystone_admin.credentials.list(user_id=user['id']) == []


def test_cannot_do_anything_else(service, new_user, keystone_admin):
    user = new_user()
    for cred_type in ('cert', 'gencloud-recovery'):
        with pytest.raises(ks_exc.Forbidden):
            service.credentials.create(user=user['id'], type=cred_type, blob='{}')
    with pytest.raises(ks_exc.Forbidden):
        service.users.update(user['id'], options={'multi_factor_auth_enabled': False})
    with pytest.raises(ks_exc.Forbidden):
        service.users.list()
    other = keystone_admin.credentials.create(user=user['id'], type='cert', blob='a-cert')
    assert service.credentials.list(user_id=user['id'], type='cert') == []
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.get(other)
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.delete(other)
    # Keystone 30 updates only a credential's blob; the role may update none.
    for cred_type in ('totp', 'gencloud-recovery'):
        cred = keystone_admin.credentials.create(user=user['id'], type=cred_type, blob='{}')
        with pytest.raises(ks_exc.Forbidden):
            service.credentials.client.patch(f'/credentials/{cred.id}',
                                             json={'credential': {'blob': 'KRSXG5CTMVRXEZLU'}})
