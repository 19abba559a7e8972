"""Keystone stops answering during each login step: clear pages, no 500, nothing half-made."""
from __future__ import annotations

import contextlib

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import is_enrollment, path_of, shown_key, unused_code

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
    assert path_of(done).startswith('/identity/')


def test_code_step(client, new_user, keystone_stopped):
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    page, used = client.get(start_login(client, user)), set()
    with keystone_stopped():
        failed = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert failed.status_code == 503 and 'cannot be reached' in failed.text
    done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(done).startswith('/identity/')
