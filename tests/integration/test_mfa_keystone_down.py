"""Keystone stops answering during each login step: clear pages, no 500, nothing half-made."""
from __future__ import annotations

import contextlib

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import (
    LANDING,
    codes_left,
    enroll,
    is_enrollment,
    past_recovery_codes,
    path_of,
    shown_key,
    unused_code,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def keystone_stopped(live_stack):
    """Context manager: Keystone is down inside, back up (same data) after."""
    @contextlib.contextmanager
    def stopped():
        live_stack.stop('keystone')
        try:
            yield
        finally:
            live_stack.start_keystone()
    return stopped


@pytest.fixture
def client(stack, client_ip):
    return HorizonClient(stack['horizon_url'], client_ip)


def start_login(client, user) -> str:
    """Password step only; returns the step URL without visiting it."""
    client.get('/auth/login/')
    answer = client.post_form('/auth/login/', {
        'username': user['username'], 'password': user['password'],
        'region': 'default', 'domain': 'Default'}, allow_redirects=False)
    assert answer.status_code == 302
    return answer.headers['Location']


def test_password_step(client, new_user, keystone_stopped):
    user = new_user()
    with keystone_stopped():
        page = client.login(user['username'], user['password'])
    assert page.status_code == 200 and path_of(page) == '/auth/login/'
    assert 'Unable to establish connection' in page.text


def test_branching_lookup(client, new_user, keystone_stopped):
    user = new_user()
    step = start_login(client, user)
    with keystone_stopped():
        page = client.get(step)
    assert page.status_code == 503
    assert 'cannot be reached' in page.text and 'Try again' in page.text
    assert is_enrollment(client.get(step))  # the same login goes on once Keystone is back


def test_enrollment_save(client, new_user, keystone_stopped, keystone_admin):
    user = new_user()
    page = client.get(start_login(client, user))
    secret, used = shown_key(page), set()
    with keystone_stopped():
        failed = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert failed.status_code == 503 and 'Nothing was changed' in failed.text
    assert shown_key(failed) == secret
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []
    done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(past_recovery_codes(client, done)) == LANDING


def test_code_step(client, new_user, keystone_stopped):
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    page, used = client.get(start_login(client, user)), set()
    with keystone_stopped():
        failed = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert failed.status_code == 503 and 'cannot be reached' in failed.text
    done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(done) == LANDING


def test_recovery_code(client, new_user, keystone_stopped, keystone_admin):
    user = new_user()
    _, recovery_codes, _ = enroll(client, user)
    fresh = HorizonClient(client.base, client.http.headers['X-Forwarded-For'])
    page = fresh.get(start_login(fresh, user))
    fresh.get('/auth/mfa/recover/')
    with keystone_stopped():
        failed = fresh.post_form('/auth/mfa/recover/', {'code': recovery_codes[0]})
    assert failed.status_code == 503 and 'cannot be reached' in failed.text
    assert codes_left(keystone_admin, user['id']) == 10
    again = fresh.post_form('/auth/mfa/recover/', {'code': recovery_codes[0]})
    assert path_of(again) == path_of(page) and is_enrollment(again)


def test_replace_authenticator(client, new_user, keystone_stopped, keystone_admin):
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    page, used = client.get(start_login(client, user)), set()
    client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    index = '/settings/gencloud_authenticator/'
    moved = client.post_form(index, {'passcode': unused_code(secret, used), 'action': 'replace'})
    new_secret, new_used = shown_key(moved), set()
    with keystone_stopped():
        failed = client.post_form(path_of(moved), {'passcode': unused_code(new_secret, new_used)})
        status = client.get(index)
    assert failed.status_code == 503 and 'still works' in failed.text
    assert status.status_code == 503 and 'cannot be reached' in status.text
    assert [c.blob for c in keystone_admin.credentials.list(
        user_id=user['id'], type='totp')] == [secret]
    done = client.post_form(path_of(moved), {'passcode': unused_code(new_secret, new_used)})
    assert path_of(done) == index
    assert [c.blob for c in keystone_admin.credentials.list(
        user_id=user['id'], type='totp')] == [new_secret]
