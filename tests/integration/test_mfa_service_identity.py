"""The MFA service user can do what enrollment needs and nothing more."""
from __future__ import annotations

import pytest
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client as ks_client

from gencloud_mfa import window

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


def test_can_read_but_not_move_the_enrollment_window(service, new_user, keystone_admin):
    user = new_user()
    keystone_admin.users.update(user['id'], **window.opening())
    record = service.users.get(user['id'])
    assert window.parse(getattr(record, window.ATTRIBUTE)) is not None
    with pytest.raises(ks_exc.Forbidden):
        service.users.update(user['id'], **window.opening())


def test_cannot_do_anything_else(service, new_user, keystone_admin):
    user = new_user()
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.create(user=user['id'], type='cert', blob='not-totp')
    with pytest.raises(ks_exc.Forbidden):
        service.users.update(user['id'], options={'multi_factor_auth_enabled': False})
    with pytest.raises(ks_exc.Forbidden):
        service.users.list()
    admin_cred = keystone_admin.credentials.create(user=user['id'], type='totp',
                                                   blob='JBSWY3DPEHPK3PXP')
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.delete(admin_cred)
