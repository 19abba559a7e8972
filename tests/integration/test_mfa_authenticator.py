"""Settings > Authenticator: step-up, replace my authenticator, new recovery codes."""
from __future__ import annotations

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import (
    LANDING,
    blobs,
    codes,
    is_code_page,
    path_of,
    shown_key,
    shown_recovery_codes,
    unused_code,
)

pytestmark = pytest.mark.integration
INDEX = '/settings/gencloud_authenticator/'
REPLACE = INDEX + 'replace/'
QR = REPLACE + 'qr.png'
CODES = INDEX + 'recovery-codes/'


def recovery_ids(keystone_admin, user_id) -> set[str]:
    return {c.id for c in keystone_admin.credentials.list(user_id=user_id,
                                                          type='gencloud-recovery')}


@pytest.fixture
def signed_in(stack, client_ip, new_user):
    """An enrolled user logged in with a code: (client, user, secret, used codes)."""
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    assert is_code_page(page)
    used: set[str] = set()
    done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(done) == LANDING
    return client, user, secret, used


def step_up(client, code: str, action: str = 'replace'):
    return client.post_form(INDEX, {'passcode': code, 'action': action})


@pytest.mark.smoke
def test_panel_shows_status_in_the_settings_dashboard(signed_in):
    client, *_ = signed_in
    page = client.get(INDEX)
    assert page.status_code == 200 and 'Registered' in page.text
    assert 'id="gencloud-recovery-remaining">0 of 10' in page.text
    assert f'href="{INDEX}"' in client.get('/settings/').text  # in the sidebar


def test_replace_end_to_end(signed_in, keystone_admin):
    client, user, old_secret, used = signed_in
    assert client.get(QR).status_code == 403  # no replacement started
    moved = step_up(client, unused_code(old_secret, used))
    assert path_of(moved) == REPLACE
    new_secret = shown_key(moved)
    assert new_secret != old_secret
    qr = client.get(QR)
    assert qr.status_code == 200 and qr.headers['Content-Type'] == 'image/png'
    assert blobs(keystone_admin, user['id']) == [old_secret]  # nothing saved yet

    from_old_app = client.post_form(REPLACE, {'passcode': unused_code(old_secret, used)})
    assert from_old_app.status_code == 400 and 'not valid' in from_old_app.text
    done = client.post_form(REPLACE, {'passcode': unused_code(new_secret, set())})
    assert path_of(done) == INDEX and 'new authenticator app is registered' in done.text
    assert blobs(keystone_admin, user['id']) == [new_secret]
    assert client.get(QR).status_code == 403


def test_cancel_keeps_the_old_app(signed_in, keystone_admin):
    client, user, secret, used = signed_in
    step_up(client, unused_code(secret, used))
    cancelled = client.post_form(REPLACE, {'cancel': '1'})
    assert path_of(cancelled) == INDEX and 'Nothing was changed' in cancelled.text
    assert blobs(keystone_admin, user['id']) == [secret]
    assert path_of(client.get(REPLACE)) == INDEX  # the replacement is gone


def test_new_recovery_codes_replace_the_old_set(signed_in, keystone_admin):
    client, user, secret, used = signed_in
    shown = step_up(client, unused_code(secret, used), action='new_codes')
    assert path_of(shown) == CODES
    first = shown_recovery_codes(shown)
    assert len(first) == 10
    download = client.get(CODES + '?download=1')
    assert download.headers['Content-Type'].startswith('text/plain')
    assert download.text.split() == first
    first_ids = recovery_ids(keystone_admin, user['id'])
    assert len(first_ids) == 1  # one credential holds the set
    back = client.post_form(CODES, {})
    assert path_of(back) == INDEX and '10 of 10' in back.text
    assert path_of(client.get(CODES)) == INDEX  # shown once

    step_up(client, unused_code(secret, used), action='new_codes')
    second_ids = recovery_ids(keystone_admin, user['id'])
    assert len(second_ids) == 1 and not second_ids & first_ids


def test_step_up_refuses_wrong_used_and_tampered_input(signed_in, keystone_admin):
    client, user, secret, used = signed_in
    wrong = step_up(client, '000000')
    assert wrong.status_code == 400 and 'not valid' in wrong.text
    login_code = sorted(used)[0]
    replay = step_up(client, login_code)
    assert replay.status_code == 400 and 'already used' in replay.text
    bogus = step_up(client, unused_code(secret, used), action='delete_everything')
    assert bogus.status_code == 400
    assert path_of(client.get(REPLACE)) == INDEX
    assert path_of(client.post_form(REPLACE, {'passcode': codes(secret)[0]})) == INDEX
    assert blobs(keystone_admin, user['id']) == [secret]


def test_wrong_step_up_codes_lock_the_panel(signed_in):
    client, _, secret, used = signed_in
    for attempt in range(5):
        step_up(client, f'{attempt:06d}')
    locked = step_up(client, unused_code(secret, used))
    assert locked.status_code == 400 and 'Too many incorrect codes' in locked.text


def test_panel_in_korean(signed_in):
    client, *_ = signed_in
    client.http.cookies.set('horizon_language', 'ko')
    page = client.get(INDEX)
    assert '내 인증 앱 교체' in page.text and '남은 복구 코드' in page.text
