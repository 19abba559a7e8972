"""Lost phone: a recovery code on the code page leads to a fresh enrollment."""
from __future__ import annotations

import concurrent.futures

import pytest

from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import (
    LANDING,
    audit_rows,
    blobs,
    codes_left,
    enroll,
    is_code_page,
    is_enrollment,
    is_login_page,
    logout_reason,
    past_recovery_codes,
    path_of,
    shown_key,
    shown_recovery_codes,
    unused_code,
)

pytestmark = pytest.mark.integration
RECOVER = '/auth/mfa/recover/'


@pytest.fixture
def horizon(stack, client_ip):
    """Factory: a new browser-like client from this test's client address (on Horizon N)."""
    return lambda n=0: HorizonClient(stack['horizon_urls'][n], client_ip)


def on_code_page(horizon, user, n=0):
    client = horizon(n)
    page = client.login(user['username'], user['password'])
    assert is_code_page(page) and f'href="{RECOVER}"' in page.text
    return client, page


def test_codes_are_stored_only_as_salted_hashes(horizon, new_user, keystone_admin):
    user = new_user()
    _, codes, _ = enroll(horizon(), user)
    assert len(codes) == 10 == len(set(codes))
    stored = blobs(keystone_admin, user['id'], 'gencloud-recovery')
    assert len(stored) == 1 and codes_left(keystone_admin, user['id']) == 10  # one set
    assert not any(code.replace('-', '') in blob or code in blob
                   for code in codes for blob in stored)


def test_recovery_code_removes_the_old_app_and_enrolls_a_new_one(
        horizon, new_user, keystone_admin, admin):
    user = new_user()
    old_secret, codes, _ = enroll(horizon(), user)
    client, page = on_code_page(horizon, user)
    form = client.get(RECOVER)
    assert form.status_code == 200 and 'autocomplete="off"' in form.text
    answer = client.post_form(RECOVER, {'code': codes[4].upper().replace('-', ' ')})
    assert path_of(answer) == path_of(page) and is_enrollment(answer)
    assert blobs(keystone_admin, user['id']) == []
    assert codes_left(keystone_admin, user['id']) == 9
    [used] = [row for row in audit_rows(admin, user['id']) if row[1] == 'Recovery code used']
    assert 'recovery codes left: 9' in used[5]
    new_secret = shown_key(answer)
    assert new_secret != old_secret

    shown = client.post_form(path_of(answer), {'passcode': unused_code(new_secret, set())})
    new_codes = shown_recovery_codes(shown)
    assert path_of(past_recovery_codes(client, shown)) == LANDING
    assert blobs(keystone_admin, user['id']) == [new_secret]
    assert codes_left(keystone_admin, user['id']) == 10  # a fresh set
    assert not set(new_codes) & set(codes)

    # The old set is gone: another of its codes no longer works.
    later, _ = on_code_page(horizon, user)
    refused = later.post_form(RECOVER, {'code': codes[5]})
    assert refused.status_code == 400 and 'not valid or was already used' in refused.text


def test_wrong_recovery_codes_count_toward_the_lockout(horizon, new_user, keystone_admin):
    user = new_user()
    enroll(horizon(), user)
    client, _ = on_code_page(horizon, user)
    malformed = client.post_form(RECOVER, {'code': 'short'})
    assert malformed.status_code == 400 and '10 letters and digits' in malformed.text
    for _ in range(4):
        wrong = client.post_form(RECOVER, {'code': '00000-00000'})
        assert wrong.status_code == 400 and 'not valid' in wrong.text
    locked = client.post_form(RECOVER, {'code': '00000-00000'})
    assert is_login_page(locked) and 'Too many' in logout_reason(client)
    assert codes_left(keystone_admin, user['id']) == 10
    assert len(blobs(keystone_admin, user['id'])) == 1


def test_one_code_used_twice_in_parallel_works_once(horizon, new_user, keystone_admin):
    """Four sign-ins, two on each Horizon process, post one code at once: one enrollment."""
    user = new_user()
    _, codes, _ = enroll(horizon(), user)
    sessions = [on_code_page(horizon, user, n % 2) for n in range(4)]
    for session, _ in sessions:
        session.get(RECOVER)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda s: s[0].post_form(RECOVER, {'code': codes[0]}),
                                sessions))
    winners = [n for n, a in enumerate(answers) if is_enrollment(a)]
    losers = [a for a in answers if a.status_code == 400 and 'already used' in a.text]
    assert (len(winners), len(losers)) == (1, 3)
    assert codes_left(keystone_admin, user['id']) == 9

    (winner, step), = [sessions[n] for n in winners]
    shown = winner.post_form(path_of(step), {'passcode': unused_code(
        shown_key(answers[winners[0]]), set())})
    assert path_of(past_recovery_codes(winner, shown)) == LANDING
    for n, (loser, _) in enumerate(sessions):  # no second enrollment, no login
        if n not in winners:
            assert is_code_page(loser.get(path_of(step)))
            assert is_login_page(loser.get(LANDING))
    assert len(blobs(keystone_admin, user['id'])) == 1


def test_another_users_code_does_not_work(horizon, new_user, keystone_admin):
    victim, other = new_user(), new_user()
    _, codes, _ = enroll(horizon(), victim)
    enroll(horizon(), other)
    client, _ = on_code_page(horizon, other)
    refused = client.post_form(RECOVER, {'code': codes[0]})
    assert refused.status_code == 400
    assert codes_left(keystone_admin, victim['id']) == 10


def test_foreign_recovery_credentials_are_ignored(horizon, new_user, keystone_admin):
    user = new_user()
    _, codes, _ = enroll(horizon(), user)
    for blob in ('not json', '{"kdf": "scrypt-n4096-r8-p1", "salt": "zz", "hashes": ["0"]}'):
        keystone_admin.credentials.create(user=user['id'], type='gencloud-recovery', blob=blob)
    client, _ = on_code_page(horizon, user)
    assert client.post_form(RECOVER, {'code': '00000-00000'}).status_code == 400
    assert is_enrollment(client.post_form(RECOVER, {'code': codes[1]}))


def test_recovery_page_needs_an_enrolled_pending_login(horizon, new_user):
    nobody = horizon()
    assert is_login_page(nobody.post_form(RECOVER, {'code': '00000-00000'}))
    assert 'sign in again' in logout_reason(nobody).lower()
    user = new_user()
    client = horizon()
    page = client.login(user['username'], user['password'])
    assert is_enrollment(page)  # not enrolled yet: nothing to recover
    answer = client.post_form(RECOVER, {'code': '00000-00000'})
    assert path_of(answer) == path_of(page) and is_enrollment(answer)


def test_cancel_on_the_recovery_page_drops_the_login(horizon, new_user):
    user = new_user()
    enroll(horizon(), user)
    client, page = on_code_page(horizon, user)
    cancelled = client.post_form(RECOVER, {'cancel': '1'})
    assert is_login_page(cancelled) and 'cancelled' in logout_reason(client)
    assert is_login_page(client.get(path_of(page)))


def test_recovery_page_in_korean(horizon, new_user):
    user = new_user()
    enroll(horizon(), user)
    client = horizon()
    client.http.cookies.set('horizon_language', 'ko')
    page = client.login(user['username'], user['password'])
    assert '복구 코드 사용' in page.text
    wrong = client.post_form(RECOVER, {'code': '00000-00000'})
    assert '유효하지 않거나 이미 사용된 복구 코드입니다' in wrong.text
