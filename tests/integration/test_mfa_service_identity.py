"""The MFA service user can do what enrollment and recovery need and nothing more
(the shipped policy, gencloud_mfa/keystone-policy.yaml)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa.logic import enroll_window
from tests.mfa_helpers import patch_credential

pytestmark = pytest.mark.integration

TOTP_BLOB = 'JBSWY3DPEHPK3PXP'


def test_can_list_and_create_totp_credentials(service, new_user, keystone_admin):
    user = new_user()
    assert service.credentials.list(user_id=user['id'], type='totp') == []
    service.credentials.create(user=user['id'], type='totp', blob=TOTP_BLOB)
    assert len(keystone_admin.credentials.list(user_id=user['id'], type='totp')) == 1


def test_can_read_but_not_move_the_enrollment_window(service, new_user, keystone_admin):
    user = new_user()
    keystone_admin.users.update(user['id'], **enroll_window.opening())
    record = service.users.get(user['id'])
    assert enroll_window.parse(getattr(record, enroll_window.ATTRIBUTE)) is not None
    with pytest.raises(ks_exc.Forbidden):
        service.users.update(user['id'], **enroll_window.opening())


@pytest.mark.parametrize('kind', ['cert', 'ec2'])
def test_cannot_create_other_types(service, new_user, keystone_admin, kind):
    user = new_user()
    project = keystone_admin.projects.list(name='demo')[0]
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.create(user=user['id'], type=kind, project=project,
                                   blob='{"access": "x", "secret": "y"}')


def test_can_create_recovery_codes(service, new_user, keystone_admin):
    """After enrollment and in Settings > Authenticator: the owner's token may not."""
    user = new_user()
    service.credentials.create(user=user['id'], type='gencloud-recovery', blob='{}')
    assert len(keystone_admin.credentials.list(user_id=user['id'], type='gencloud-recovery')) == 1


def test_can_read_and_delete_recovery_codes_and_delete_totp(service, new_user, keystone_admin):
    """A recovery code is used up and the lost authenticator removed at login."""
    user = new_user()
    recovery = keystone_admin.credentials.create(user=user['id'], type='gencloud-recovery',
                                                 blob='{}')
    totp = keystone_admin.credentials.create(user=user['id'], type='totp', blob=TOTP_BLOB)
    assert [c.id for c in service.credentials.list(user_id=user['id'],
                                                   type='gencloud-recovery')] == [recovery.id]
    service.credentials.delete(recovery)
    service.credentials.delete(totp)
    assert keystone_admin.credentials.list(user_id=user['id']) == []


@pytest.mark.parametrize('kind', ['totp', 'cert'])
def test_cannot_update_other_credentials(service, new_user, keystone_admin, kind):
    """Only recovery sets are rewritten (a code used up); a TOTP secret never is."""
    user = new_user()
    credential = keystone_admin.credentials.create(user=user['id'], type=kind, blob=TOTP_BLOB)
    with pytest.raises(ks_exc.Forbidden):
        patch_credential(service, credential.id, blob='MFRGGZDFMZTWQ2LK')
    assert keystone_admin.credentials.get(credential).blob == TOTP_BLOB


def test_updates_a_recovery_set_but_cannot_turn_it_into_totp(service, new_user, keystone_admin):
    user = new_user()
    credential = keystone_admin.credentials.create(user=user['id'], type='gencloud-recovery',
                                                   blob='{"hashes": ["a", "b"]}')
    patch_credential(service, credential.id, blob='{"hashes": ["b"]}')
    assert keystone_admin.credentials.get(credential).blob == '{"hashes": ["b"]}'
    with pytest.raises((ks_exc.Forbidden, ks_exc.BadRequest)):
        patch_credential(service, credential.id, type='totp', blob=TOTP_BLOB)
    assert keystone_admin.credentials.get(credential).type == 'gencloud-recovery'


def test_cannot_see_or_delete_other_credential_types(service, new_user, keystone_admin):
    user = new_user()
    other = keystone_admin.credentials.create(user=user['id'], type='cert', blob='secret-cert')
    assert service.credentials.list(user_id=user['id']) == []
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.get(other)
    with pytest.raises(ks_exc.Forbidden):
        service.credentials.delete(other)


def test_cannot_touch_users(service, new_user):
    """It may read one user record (the enrollment window, test above), nothing more."""
    user = new_user()
    with pytest.raises(ks_exc.Forbidden):
        service.users.update(user['id'], options={'multi_factor_auth_enabled': False})
    with pytest.raises(ks_exc.Forbidden):
        service.users.list()


def test_service_password_not_in_process_listings_or_logs(stack):
    secret = stack['logins']['mfa_service']['password'].encode()
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmdline = Path(f'/proc/{pid}/cmdline').read_bytes()
        except OSError:
            continue
        assert secret not in cmdline, f'process {pid}'
    for log in Path(stack['logs']).glob('*.log'):
        assert secret not in log.read_bytes(), log.name
