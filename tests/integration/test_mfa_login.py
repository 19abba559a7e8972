"""gencloud_mfa login step against the real Keystone, memcached and Horizon."""
from __future__ import annotations

import concurrent.futures
import time

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient
from tests.conftest import RECEIPT_SECONDS
from tests.mfa_helpers import (
    LANDING,
    RECOVERY_CODES_PATH,
    blobs,
    codes,
    codes_left,
    is_code_page,
    is_enrollment,
    is_login_page,
    logout_reason,
    past_recovery_codes,
    path_of,
    shown_key,
    unused_code,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def client(stack, client_ip):
    return HorizonClient(stack['horizon_url'], client_ip)


@pytest.mark.smoke
def test_first_login_enrolls_and_lands_on_dashboard(client, new_user, keystone_admin):
    user = new_user()
    page = client.login(user['username'], user['password'])
    assert path_of(page) == f"/auth/totp/{user['username']}/"
    assert is_enrollment(page)
    assert 'autocomplete="one-time-code"' in page.text
    assert 'otpauth://totp/GenCloud:' in page.text
    secret = shown_key(page)
    assert blobs(keystone_admin, user['id']) == []  # nothing saved before the code

    qr = client.get('/auth/mfa/enroll-qr.png')
    assert qr.status_code == 200 and qr.headers['Content-Type'] == 'image/png'
    assert 'no-store' in qr.headers['Cache-Control']

    done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert done.status_code == 200 and not is_login_page(done)
    done = past_recovery_codes(client, done)
    assert path_of(done) == LANDING
    assert blobs(keystone_admin, user['id']) == [secret]


@pytest.mark.smoke
def test_enrolled_user_gets_code_page_and_logs_in(client, new_user):
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    page = client.login(user['username'], user['password'])
    assert is_code_page(page) and 'gencloud-mfa-key' not in page.text
    assert client.get('/auth/mfa/enroll-qr.png').status_code == 403
    done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert path_of(done) == LANDING


def test_user_without_mfa_logs_in_with_password_only(client, new_user):
    user = new_user(mfa=False)
    done = client.login(user['username'], user['password'])
    assert path_of(done) == LANDING


def test_second_login_after_enrollment_gets_code_page(client, new_user, stack, client_ip):
    user = new_user()
    page = client.login(user['username'], user['password'])
    secret, used = shown_key(page), set()
    first = unused_code(secret, used)
    client.post_form(path_of(page), {'passcode': first})

    again = HorizonClient(stack['horizon_url'], client_ip)
    page = again.login(user['username'], user['password'])
    assert is_code_page(page)
    replay = again.post_form(path_of(page), {'passcode': first})
    assert replay.status_code == 400 and 'already used' in replay.text
    done = again.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(done) == LANDING


def test_wrong_code_shows_error_and_saves_nothing(client, new_user, keystone_admin):
    user = new_user()
    page = client.login(user['username'], user['password'])
    wrong = client.post_form(path_of(page), {'passcode': '000000'})
    assert wrong.status_code == 400 and is_enrollment(wrong)
    assert 'not valid' in wrong.text
    assert shown_key(wrong) == shown_key(page)  # same secret: the scan still counts
    malformed = client.post_form(path_of(page), {'passcode': '12ab'})
    assert malformed.status_code == 400 and '6-digit' in malformed.text
    assert blobs(keystone_admin, user['id']) == []


def test_url_user_name_is_never_trusted(client, new_user, keystone_admin):
    victim, attacker = new_user(), new_user()
    page = client.login(attacker['username'], attacker['password'])
    assert is_enrollment(page)
    tampered = client.post_form(f"/auth/totp/{victim['username']}/", {'passcode': '123456'})
    assert is_login_page(tampered)
    assert 'does not belong' in logout_reason(client)
    assert victim['username'] not in tampered.text
    # The tampering dropped the receipt: the attacker's own step is gone too.
    assert is_login_page(client.get(f"/auth/totp/{attacker['username']}/"))
    assert blobs(keystone_admin, victim['id']) == []


def test_step_without_receipt_goes_to_login(client, new_user, keystone_admin):
    user = new_user()
    posted = client.post_form(f"/auth/totp/{user['username']}/", {'passcode': '123456'})
    assert is_login_page(posted)
    assert 'sign in again' in logout_reason(client).lower()
    assert client.get('/auth/mfa/enroll-qr.png').status_code == 403
    assert blobs(keystone_admin, user['id']) == []


def test_another_sessions_receipt_is_useless(stack, new_user, client_ip, keystone_admin):
    user = new_user()
    owner = HorizonClient(stack['horizon_url'], client_ip)
    page = owner.login(user['username'], user['password'])
    secret = shown_key(page)
    stranger = HorizonClient(stack['horizon_url'], client_ip)
    stolen = stranger.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert is_login_page(stolen)
    assert stranger.get('/auth/mfa/enroll-qr.png').status_code == 403
    assert blobs(keystone_admin, user['id']) == []


def test_double_submit_creates_one_credential(client, new_user, keystone_admin):
    user = new_user()
    page = client.login(user['username'], user['password'])
    secret = shown_key(page)
    current, previous = codes(secret)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(
            lambda code: client.post_form(path_of(page), {'passcode': code}),
            [current, current, previous, previous]))
    assert all(answer.status_code < 500 for answer in answers)
    assert any(path_of(answer) in (LANDING, RECOVERY_CODES_PATH)
               for answer in answers)
    assert blobs(keystone_admin, user['id']) == [secret]
    assert len(blobs(keystone_admin, user['id'], 'gencloud-recovery')) == 1  # one set issued
    assert codes_left(keystone_admin, user['id']) == 10


def test_five_wrong_codes_lock_out_and_a_fresh_password_login_keeps_it(
        client, new_user, stack, client_ip):
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    page = client.login(user['username'], user['password'])
    for attempt in range(4):
        wrong = client.post_form(path_of(page), {'passcode': f'{attempt:06d}'})
        assert wrong.status_code == 400
    locked = client.post_form(path_of(page), {'passcode': '999999'})
    assert is_login_page(locked) and 'Too many' in logout_reason(client)
    assert 'try again in 5' in logout_reason(client)  # minutes
    # The receipt is gone; the right password again does not lift the lockout,
    # not even with the right code.
    again = HorizonClient(stack['horizon_url'], client_ip)
    retry = again.login(user['username'], user['password'])
    assert is_login_page(retry) and 'Too many' in logout_reason(again)
    posted = again.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert is_login_page(posted)


def test_login_started_on_one_horizon_finishes_on_the_other(stack, new_user, client_ip):
    first, second = stack['horizon_urls']
    user = new_user()
    client = HorizonClient(first, client_ip)
    page = client.login(user['username'], user['password'])
    secret = shown_key(page)
    client.base = second
    assert shown_key(client.get(path_of(page))) == secret
    done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert path_of(past_recovery_codes(client, done)) == LANDING


def test_expired_receipt(stack, new_user, client_ip, keystone_admin):
    """Code page: back to login. Enrollment: the proven credential is kept."""
    enrolled_secret = seed.new_totp_secret()
    enrolled, fresh = new_user(totp_secret=enrolled_secret), new_user()
    code_client = HorizonClient(stack['horizon_url'], client_ip)
    code_page = code_client.login(enrolled['username'], enrolled['password'])
    enroll_client = HorizonClient(stack['horizon_url'], client_ip)
    enroll_page = enroll_client.login(fresh['username'], fresh['password'])
    secret = shown_key(enroll_page)

    time.sleep(RECEIPT_SECONDS + 1)

    late = code_client.post_form(path_of(code_page), {'passcode': codes(enrolled_secret)[0]})
    assert is_login_page(late) and 'expired' in logout_reason(code_client)

    late = enroll_client.post_form(path_of(enroll_page), {'passcode': codes(secret)[0]})
    assert is_login_page(late) and 'registered' in logout_reason(enroll_client)
    assert blobs(keystone_admin, fresh['id']) == [secret]
    again = enroll_client.login(fresh['username'], fresh['password'])
    assert is_code_page(again)


def test_enrollment_page_in_korean(stack, new_user, client_ip):
    user = new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    client.http.cookies.set('horizon_language', 'ko')
    page = client.login(user['username'], user['password'])
    assert is_enrollment(page)
    assert '2단계 인증 설정' in page.text and '인증 코드' in page.text
    wrong = client.post_form(path_of(page), {'passcode': '000000'})
    assert '유효하지 않은 코드입니다' in wrong.text


def test_cancel_drops_the_pending_login(client, new_user, keystone_admin):
    user = new_user()
    page = client.login(user['username'], user['password'])
    cancelled = client.post_form(path_of(page), {'cancel': '1'})
    assert is_login_page(cancelled) and 'cancelled' in logout_reason(client)
    assert is_login_page(client.get(path_of(page)))
    assert blobs(keystone_admin, user['id']) == []
