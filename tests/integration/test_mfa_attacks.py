"""Attacks on the MFA login tried against the real stack (issues 15, 16, 17)."""
from __future__ import annotations

import concurrent.futures
import copy
import itertools
import time
import uuid
from pathlib import Path

import pytest
import requests

from devstack import seed
from devstack.horizon_client import HorizonClient
from devstack.keystone import KeystoneCounter
from gencloud_mfa.logic import totp
from tests.conftest import ADDRESS_MAX_USERS
from tests.mfa_helpers import (
    LANDING,
    blobs,
    codes,
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

BURST = 24
MAX_FAILURES, USER_MAX_FAILURES = 5, 10  # the defaults the stack runs with
_spare_ips = (f'203.0.113.{n}' for n in itertools.count(1))


def burst(stack, client, step: str, addresses: list[str]) -> list[requests.Response]:
    """BURST wrong codes for CLIENT's pending login at once, alternating Horizon processes."""
    cookies = client.http.cookies.get_dict()

    def post(n: int) -> requests.Response:
        base = stack['horizon_urls'][n % 2]
        return requests.post(
            base + step, cookies=cookies, allow_redirects=False, timeout=120,
            data={'csrfmiddlewaretoken': cookies['csrftoken'], 'passcode': f'{n:06d}'},
            headers={'Referer': base + step, 'X-Forwarded-For': addresses[n % len(addresses)]})

    with concurrent.futures.ThreadPoolExecutor(BURST) as pool:
        return list(pool.map(post, range(BURST)))


@pytest.mark.parametrize('spread,limit', [('one address', MAX_FAILURES),
                                          ('many addresses', USER_MAX_FAILURES)])
def test_code_step_burst_evaluates_at_most_the_limit(stack, new_user, client_ip, spread,
                                                     limit):
    user = new_user(totp_secret=seed.new_totp_secret())
    client = HorizonClient(stack['horizon_url'], client_ip)
    step = path_of(client.login(user['username'], user['password']))
    addresses = [client_ip] if spread == 'one address' else [next(_spare_ips)
                                                            for _ in range(BURST)]
    access_log = Path(stack['logs']) / 'keystone-access.log'
    with KeystoneCounter(access_log) as keystone:
        answers = burst(stack, client, step, addresses)
    assert all(answer.status_code < 500 for answer in answers)
    evaluated = [line for line in keystone.lines if 'POST /v3/auth/tokens' in line]
    assert 1 <= len(evaluated) <= limit
    again = HorizonClient(stack['horizon_url'], addresses[0])
    assert is_login_page(again.login(user['username'], user['password']))
    assert 'Too many' in logout_reason(again)


def test_enrollment_step_burst_evaluates_at_most_the_limit(stack, new_user, client_ip):
    user = new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    assert is_enrollment(page)
    logs = [Path(stack['logs']) / f'{name}.log' for name in ('horizon', 'horizon2')]
    with KeystoneCounter(*logs) as horizon_logs:
        answers = burst(stack, client, path_of(page), [client_ip])
    assert all(answer.status_code < 500 for answer in answers)
    evaluated = [line for line in horizon_logs.lines
                 if f"Wrong TOTP code for user {user['id']} (enrollment step)" in line]
    assert 1 <= len(evaluated) <= MAX_FAILURES
    again = HorizonClient(stack['horizon_url'], client_ip)
    assert is_login_page(again.login(user['username'], user['password']))
    assert 'Too many' in logout_reason(again)


def test_planted_session_id_gets_neither_qr_nor_step(stack, new_user, keystone_admin):
    victim = new_user()
    attacker = HorizonClient(stack['horizon_url'])
    attacker.get('/auth/login/')
    attacker.post_form('/auth/login/', {'username': 'nobody', 'password': 'wrong',
                                        'region': 'default', 'domain': 'Default'})
    planted = next(c for c in attacker.http.cookies if c.name == 'sessionid')

    browser = HorizonClient(stack['horizon_url'])
    browser.get('/auth/login/')
    browser.http.cookies.set_cookie(copy.copy(planted))  # same host and path as the real one
    page = browser.login(victim['username'], victim['password'])
    assert is_enrollment(page)
    assert browser.http.cookies['sessionid'] != planted.value
    secret = shown_key(page)

    assert attacker.get('/auth/mfa/enroll-qr.png').status_code == 403
    assert is_login_page(attacker.get(path_of(page)))
    stolen = attacker.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert is_login_page(stolen)
    assert blobs(keystone_admin, victim['id']) == []
    done = browser.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert path_of(past_recovery_codes(browser, done)) == LANDING


@pytest.mark.parametrize('horizon', [0, 1])
def test_non_ascii_digits_on_both_steps(stack, new_user, client_ip, horizon):
    base = stack['horizon_urls'][horizon]
    user = new_user()
    client = HorizonClient(base, client_ip)
    page = client.login(user['username'], user['password'])
    for odd in ('١٢٣٤٥٦', '１２３ ４５６', '¹²³⁴⁵⁶', '①②③④⑤⑥'):
        answer = client.post_form(path_of(page), {'passcode': odd})
        assert answer.status_code == 400 and is_enrollment(answer)
    secret, used = shown_key(page), set()
    arabic_indic = ''.join(chr(0x0660 + int(d)) for d in unused_code(secret, used))
    done = client.post_form(path_of(page), {'passcode': arabic_indic})
    assert path_of(past_recovery_codes(client, done)) == LANDING

    again = HorizonClient(base, client_ip)
    page = again.login(user['username'], user['password'])
    assert is_code_page(page)
    odd = again.post_form(path_of(page), {'passcode': '¹²³⁴⁵⁶'})
    assert odd.status_code == 400 and '6-digit' in odd.text
    fullwidth = ''.join(chr(ord('０') + int(d)) for d in unused_code(secret, used))
    done = again.post_form(path_of(page), {'passcode': fullwidth})
    assert path_of(done) == LANDING


@pytest.mark.parametrize('shape', ['team/alice', 'first last', '사용자 ü', 'long'])
def test_any_keystone_user_name_logs_in_and_enrolls(stack, new_user, client_ip, shape):
    suffix = uuid.uuid4().hex[:8]
    name = 'n' * (255 - len(suffix)) + suffix if shape == 'long' else f'{shape}-{suffix}'
    user = new_user(name=name)
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(name, user['password'])
    assert page.status_code == 200 and is_enrollment(page)
    secret = shown_key(page)
    client.base = stack['horizon_urls'][1]
    done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert path_of(past_recovery_codes(client, done)) == LANDING


def test_one_account_does_not_lock_out_its_address(stack, new_user, client_ip):
    locked_user, neighbour = new_user(totp_secret=seed.new_totp_secret()), new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(locked_user['username'], locked_user['password'])
    for attempt in range(MAX_FAILURES):
        answer = client.post_form(path_of(page), {'passcode': f'{attempt:06d}'})
    assert is_login_page(answer) and 'Too many' in logout_reason(client)

    other = HorizonClient(stack['horizon_url'], client_ip)
    page = other.login(neighbour['username'], neighbour['password'])
    done = other.post_form(path_of(page), {'passcode': codes(shown_key(page))[0]})
    assert path_of(past_recovery_codes(other, done)) == LANDING


def test_many_accounts_failing_lock_their_address(stack, new_user, client_ip):
    users = [new_user(totp_secret=seed.new_totp_secret()) for _ in range(ADDRESS_MAX_USERS)]
    for user in users:
        client = HorizonClient(stack['horizon_url'], client_ip)
        page = client.login(user['username'], user['password'])
        wrong = client.post_form(path_of(page), {'passcode': '000000'})
        assert wrong.status_code == 400
    latecomer = new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    refused = client.login(latecomer['username'], latecomer['password'])
    assert is_login_page(refused) and 'Too many' in logout_reason(client)
    elsewhere = HorizonClient(stack['horizon_url'], next(_spare_ips))
    assert is_enrollment(elsewhere.login(latecomer['username'], latecomer['password']))


def test_losing_enrollment_tab_gets_the_code_page(stack, new_user, client_ip,
                                                  keystone_admin):
    """Issue 17.1: two sign-ins of one user, each with its own QR; the second one loses."""
    user = new_user()
    first, second = (HorizonClient(stack['horizon_url'], client_ip) for _ in range(2))
    first_page = first.login(user['username'], user['password'])
    second_page = second.login(user['username'], user['password'])
    winner_secret, loser_secret = shown_key(first_page), shown_key(second_page)
    assert winner_secret != loser_secret
    done = first.post_form(path_of(first_page), {'passcode': codes(winner_secret)[0]})
    assert path_of(past_recovery_codes(first, done)) == LANDING
    lost = second.post_form(path_of(second_page), {'passcode': codes(loser_secret)[0]})
    assert lost.status_code == 409 and is_code_page(lost)
    assert 'already registered' in lost.text
    assert blobs(keystone_admin, user['id']) == [winner_secret]


def test_refused_code_stays_usable(stack, new_user, client_ip, keystone_admin):
    """Issue 17.2: a code Keystone refused is not 'used': once it is valid, it logs in.

    The code comes from a second authenticator that the admin registers only
    after the first try (Keystone accepts a code from any TOTP credential).
    """
    user = new_user(totp_secret=seed.new_totp_secret())
    second_app = seed.new_totp_secret()
    code = totp.code_at(second_app, time.time())
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    refused = client.post_form(path_of(page), {'passcode': code})
    assert refused.status_code == 400 and 'not valid' in refused.text
    keystone_admin.credentials.create(user=user['id'], type='totp', blob=second_app)
    done = client.post_form(path_of(page), {'passcode': code})
    assert path_of(done) == LANDING


def test_qr_answers_only_get_and_head(stack, new_user, client_ip):
    client = HorizonClient(stack['horizon_url'], client_ip)
    user = new_user()
    assert is_enrollment(client.login(user['username'], user['password']))
    qr = client.base + '/auth/mfa/enroll-qr.png'
    assert client.get('/auth/mfa/enroll-qr.png').status_code == 200
    assert client.http.head(qr).status_code == 200
    for method in ('OPTIONS', 'POST', 'PUT', 'DELETE'):
        answer = client.http.request(method, qr, timeout=60, headers={
            'X-CSRFToken': client.http.cookies['csrftoken'], 'Referer': qr})
        assert answer.status_code == 405, method
        assert 'image/png' not in answer.headers.get('Content-Type', '')


def test_link_to_another_name_does_not_cancel_the_sign_in(stack, new_user, client_ip):
    """Issue 17.5: a GET only redirects back (a mismatching POST drops it: test_mfa_login)."""
    user, other = new_user(), new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    linked = client.get(f"/auth/totp/{other['username']}/")
    assert path_of(linked) == path_of(page) and is_enrollment(linked)
    assert other['username'] not in linked.text
    assert shown_key(linked) == shown_key(page)
