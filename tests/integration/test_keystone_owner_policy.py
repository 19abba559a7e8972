"""A user's own Keystone token cannot read or change the user's MFA credentials (the shipped
policy, gencloud_mfa/keystone-policy.yaml): a token left in a shell would otherwise give the
authenticator secret away, or add, plant or delete factors without Horizon's step-up. The
user's other credentials (ec2, cert) work as upstream."""
from __future__ import annotations

import json
import time
import uuid

import pytest
import requests
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from keystoneclient.v3 import client as ks_client

from gencloud_mfa.logic import recovery_codes, totp
from tests.mfa_helpers import patch_credential

pytestmark = pytest.mark.integration



def two_factor_token(keystone_url: str, user: dict) -> str:
    """The strongest token a user can hold: password and TOTP, project-scoped."""
    methods = {'password': {'user': {'id': user['id'], 'password': user['password']}},
               'totp': {'user': {'id': user['id'],
                                 'passcode': totp.code_at(user['totp_secret'], time.time())}}}
    answer = requests.post(keystone_url + '/auth/tokens', timeout=30, json={'auth': {
        'identity': {'methods': list(methods), **methods},
        'scope': {'project': {'name': 'demo', 'domain': {'id': 'default'}}}}})
    assert answer.status_code == 201, answer.text
    return answer.headers['X-Subject-Token']


@pytest.fixture
def own(stack, new_user, keystone_admin):
    """An enrolled user with a recovery set, and a Keystone client holding the user's token."""
    user = new_user(totp_secret=totp.new_secret())
    user['totp_id'] = keystone_admin.credentials.list(user_id=user['id'], type='totp')[0].id
    user['recovery_id'] = keystone_admin.credentials.create(
        user=user['id'], type=recovery_codes.CREDENTIAL_TYPE,
        blob=recovery_codes.blob(recovery_codes.new_codes())).id
    auth = token_endpoint.Token(stack['keystone_url'], two_factor_token(stack['keystone_url'], user))
    return user, ks_client.Client(session=ks_session.Session(auth=auth), interface='public')


@pytest.mark.parametrize('kind, key', [(totp.CREDENTIAL_TYPE, 'totp_id'),
                                       (recovery_codes.CREDENTIAL_TYPE, 'recovery_id')])
def test_own_token_neither_lists_nor_reads_them(own, kind, key):
    user, client = own
    assert client.credentials.list(user_id=user['id'], type=kind) == []
    with pytest.raises(ks_exc.Forbidden):
        client.credentials.get(user[key])


@pytest.mark.smoke
@pytest.mark.parametrize('kind', [totp.CREDENTIAL_TYPE, recovery_codes.CREDENTIAL_TYPE])
def test_own_token_cannot_add_one(own, keystone_admin, kind):
    user, client = own
    blob = totp.new_secret() if kind == totp.CREDENTIAL_TYPE else recovery_codes.blob(['x' * 10])
    with pytest.raises(ks_exc.Forbidden):
        client.credentials.create(user=user['id'], type=kind, blob=blob)
    assert len(keystone_admin.credentials.list(user_id=user['id'], type=kind)) == 1


def test_own_token_cannot_rewrite_or_delete_them(own, keystone_admin):
    user, client = own
    before = {c.id: c.blob for c in keystone_admin.credentials.list(user_id=user['id'])}
    for credential_id in (user['totp_id'], user['recovery_id']):
        answer = patch_credential(client, credential_id, raise_exc=False, blob='planted')
        assert answer.status_code == 403
        with pytest.raises(ks_exc.Forbidden):
            client.credentials.delete(credential_id)
    assert {c.id: c.blob for c in keystone_admin.credentials.list(user_id=user['id'])} == before


@pytest.mark.smoke
def test_own_token_cannot_turn_another_credential_into_an_authenticator(own, keystone_admin):
    """Keystone 30's schema takes only a blob (400); before, the policy refuses it (403)."""
    user, client = own
    cert = client.credentials.create(user=user['id'], type='cert', blob='-----BEGIN CERT')
    answer = patch_credential(client, cert.id, raise_exc=False, type=totp.CREDENTIAL_TYPE,
                              blob=totp.new_secret())
    assert answer.status_code in (400, 403)
    assert keystone_admin.credentials.get(cert.id).type == 'cert'


def test_other_types_stay_the_owners(own, keystone_admin):
    """Upstream behaviour for everything that is not an MFA factor."""
    user, client = own
    project = keystone_admin.projects.list(name='demo')[0]
    access = uuid.uuid4().hex  # Keystone derives an ec2 credential's id from it
    ec2 = client.credentials.create(user=user['id'], type='ec2', project=project,
                                    blob=json.dumps({'access': access, 'secret': 's'}))
    assert [c.id for c in client.credentials.list(user_id=user['id'])] == [ec2.id]
    answer = patch_credential(client, ec2.id, raise_exc=False,
                              blob=json.dumps({'access': access, 'secret': 't'}))
    assert answer.status_code == 200
    client.credentials.delete(ec2.id)
    assert keystone_admin.credentials.list(user_id=user['id'], type='ec2') == []
