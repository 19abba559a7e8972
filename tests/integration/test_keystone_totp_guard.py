"""keystone-guard/ in the stack's Keystone: no token from a TOTP passcode alone, whoever
created the credential; two-factor logins, receipts and application credentials work as
before. The same requests against upstream's TOTP method show what the guard stops."""
from __future__ import annotations

import time
import uuid

import pytest
import requests

from gencloud_mfa.logic import totp

pytestmark = pytest.mark.integration

RECEIPT_HEADER = 'Openstack-Auth-Receipt'
# gencloud_keystone_guard.totp.TotpAlone; gencloud_mfa.keystone.totp_guard probes for it.
REFUSAL = 'A TOTP passcode is a second factor'


def tokens(keystone_url: str, methods: dict, receipt: str | None = None,
           project: str | None = None) -> requests.Response:
    """POST /v3/auth/tokens with METHODS ({name: payload}), as any client can."""
    auth = {'identity': {'methods': list(methods), **methods}}
    if project:
        auth['scope'] = {'project': {'name': project, 'domain': {'id': 'default'}}}
    return requests.post(keystone_url + '/auth/tokens', json={'auth': auth}, timeout=30,
                         headers={RECEIPT_HEADER: receipt} if receipt else {})


def passcode(user: dict) -> dict:
    return {'totp': {'user': {'id': user['id'],
                              'passcode': totp.code_at(user['totp_secret'], time.time())}}}


def password(user: dict) -> dict:
    return {'password': {'user': {'id': user['id'], 'password': user['password']}}}


def roles(answer: requests.Response) -> set[str]:
    return {role['name'] for role in answer.json()['token'].get('roles', [])}


def refused_as_totp_alone(answer: requests.Response) -> bool:
    return (answer.status_code == 401
            and answer.json()['error']['message'].startswith(REFUSAL))


@pytest.fixture
def planted_admin(new_user, keystone_admin, service):
    """A non-MFA admin (never logged in) given a TOTP credential by the MFA service identity."""
    user = new_user(mfa=False)
    project = keystone_admin.projects.list(name='demo')[0]
    keystone_admin.roles.grant(keystone_admin.roles.list(name='admin')[0],
                               user=user['id'], project=project)
    user['totp_secret'] = totp.new_secret()
    service.credentials.create(user=user['id'], type='totp', blob=user['totp_secret'])
    return user


@pytest.mark.smoke
def test_service_planted_credential_gives_no_token(stack, planted_admin):
    for project in (None, 'demo'):
        answer = tokens(stack['keystone_url'], passcode(planted_admin), project=project)
        assert refused_as_totp_alone(answer), answer.text
        assert 'X-Subject-Token' not in answer.headers


def test_upstream_totp_method_would_have_signed_in_as_admin(unguarded_keystone_url,
                                                            planted_admin):
    answer = tokens(unguarded_keystone_url, passcode(planted_admin), project='demo')
    assert answer.status_code == 201 and 'admin' in roles(answer)


@pytest.mark.smoke
def test_password_step_receipt_then_code_gives_a_token(stack, new_user):
    user = new_user(totp_secret=totp.new_secret())
    step = tokens(stack['keystone_url'], password(user))
    assert step.status_code == 401 and step.json()['receipt']['methods'] == ['password']
    answer = tokens(stack['keystone_url'], passcode(user), receipt=step.headers[RECEIPT_HEADER])
    assert answer.status_code == 201
    assert set(answer.json()['token']['methods']) == {'password', 'totp'}


def test_password_and_code_in_one_request_give_a_token(stack, new_user):
    user = new_user(totp_secret=totp.new_secret())
    answer = tokens(stack['keystone_url'], {**password(user), **passcode(user)}, project='demo')
    assert answer.status_code == 201 and 'member' in roles(answer)


def test_wrong_code_with_a_receipt_is_refused_as_upstream(stack, new_user):
    user = new_user(totp_secret=totp.new_secret())
    receipt = tokens(stack['keystone_url'], password(user)).headers[RECEIPT_HEADER]
    wrong = passcode(user)
    wrong['totp']['user']['passcode'] = '000000' if wrong['totp']['user']['passcode'] != \
        '000000' else '111111'
    answer = tokens(stack['keystone_url'], wrong, receipt=receipt)
    assert answer.status_code == 401 and not refused_as_totp_alone(answer)


def test_another_users_receipt_does_not_carry_a_code(stack, new_user, service):
    owner, victim = new_user(totp_secret=totp.new_secret()), new_user(mfa=False)
    victim['totp_secret'] = totp.new_secret()
    service.credentials.create(user=victim['id'], type='totp', blob=victim['totp_secret'])
    receipt = tokens(stack['keystone_url'], password(owner)).headers[RECEIPT_HEADER]
    answer = tokens(stack['keystone_url'], passcode(victim), receipt=receipt)
    assert answer.status_code == 401 and 'X-Subject-Token' not in answer.headers


def test_forged_receipt_does_not_carry_a_code(stack, planted_admin):
    answer = tokens(stack['keystone_url'], passcode(planted_admin), receipt=uuid.uuid4().hex)
    assert answer.status_code in (401, 404) and 'X-Subject-Token' not in answer.headers


def test_application_credentials_still_sign_in(stack, new_user, keystone_admin):
    user = new_user(mfa=False)
    session_token = tokens(stack['keystone_url'], password(user), project='demo')
    created = requests.post(
        f"{stack['keystone_url']}/users/{user['id']}/application_credentials", timeout=30,
        headers={'X-Auth-Token': session_token.headers['X-Subject-Token']},
        json={'application_credential': {'name': 'ci'}}).json()['application_credential']
    answer = tokens(stack['keystone_url'], {'application_credential': {
        'id': created['id'], 'secret': created['secret']}})
    assert answer.status_code == 201

