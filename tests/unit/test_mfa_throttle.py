"""gencloud_mfa.state.throttle on Django's local-memory cache: schedule, keys, reservations."""
from __future__ import annotations

import concurrent.futures
import itertools
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from gencloud_mfa import conf
from gencloud_mfa.state import throttle

MINUTE, HOUR, DAY = 60, 3600, 86400
_addresses = (f'192.0.2.{n}' for n in itertools.count(1))


@pytest.fixture
def clock(monkeypatch):
    """Fake time for the throttle and the cache's expiry alike."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle.time, 'time', lambda: now[0])

    def advance(seconds: float) -> None:
        now[0] += seconds
    return advance


@pytest.fixture
def user():
    return uuid.uuid4().hex


@pytest.fixture
def address():
    return next(_addresses)


def fail(user_id: str, address: str | None) -> bool:
    """One wrong code, the way the views do it; False if refused before evaluation."""
    if not throttle.reserve_attempt(user_id, address):
        return False
    throttle.record_failure(user_id, address)
    return True


def test_default_schedule_grows_exponentially_to_the_cap():
    cfg = conf.get()
    seconds = [throttle.lockout_seconds(level, cfg) for level in range(1, 9)]
    assert seconds[:4] == [5 * MINUTE, 30 * MINUTE, 3 * HOUR, 18 * HOUR]
    assert all(later >= earlier for earlier, later in itertools.pairwise(seconds))
    assert seconds[-1] == 30 * DAY


@override_settings(GENCLOUD_MFA_LOCKOUT_SECONDS=10, GENCLOUD_MFA_LOCKOUT_FACTOR=2,
                   GENCLOUD_MFA_LOCKOUT_MAX_SECONDS=25)
def test_schedule_settings_are_honoured():
    cfg = conf.get()
    assert [throttle.lockout_seconds(n, cfg) for n in (1, 2, 3, 4)] == [10, 20, 25, 25]


def test_free_attempts_then_one_per_lockout(clock, user, address):
    assert [fail(user, address) for _ in range(6)] == [True] * 5 + [False]
    assert throttle.locked(user, address) == 5 * MINUTE
    clock(5 * MINUTE)
    assert throttle.locked(user, address) == 0
    assert [fail(user, address) for _ in range(2)] == [True, False]  # one try, then 30 min
    assert throttle.locked(user, address) == 30 * MINUTE
    clock(29 * MINUTE)
    assert not fail(user, address)
    clock(MINUTE)
    assert fail(user, address)
    assert throttle.locked(user, address) == 3 * HOUR


def test_only_a_correct_code_clears_the_lockout(clock, user, address):
    for _ in range(5):
        fail(user, address)
    # A fresh password login changes nothing here: the step asks locked() first.
    assert throttle.locked(user, address) > 0
    clock(5 * MINUTE)
    assert throttle.reserve_attempt(user, address)
    throttle.record_success(user, address)
    assert throttle.locked(user, address) == 0
    assert [fail(user, address) for _ in range(5)] == [True] * 5  # free attempts again


def test_counts_survive_a_day_of_silence(clock, user, address):
    for _ in range(5):
        fail(user, address)
    clock(DAY)
    assert fail(user, address) and not fail(user, address)


def test_parallel_burst_gets_at_most_the_free_attempts(user, address):
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        granted = list(pool.map(lambda _: throttle.reserve_attempt(user, address), range(40)))
    assert granted.count(True) == 5


def test_burst_after_a_lockout_gets_exactly_one(clock, user, address):
    for _ in range(5):
        fail(user, address)
    clock(5 * MINUTE)
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        granted = list(pool.map(lambda _: throttle.reserve_attempt(user, address), range(30)))
    assert granted.count(True) == 1


def test_many_addresses_hit_the_per_user_limit(clock, user):
    granted = [throttle.reserve_attempt(user, next(_addresses)) for _ in range(30)]
    assert granted.count(True) == conf.get().user_max_failures == 10
    assert throttle.locked(user, next(_addresses)) == 5 * MINUTE


def test_refused_attempts_are_not_counted(clock, user, address):
    for _ in range(5):
        fail(user, address)
    for _ in range(50):
        assert not fail(user, address)
    clock(5 * MINUTE)
    assert throttle.locked(user, address) == 0  # hammering did not lengthen the lockout


def test_one_account_does_not_lock_out_its_address(user, address):
    for _ in range(6):
        fail(user, address)
    neighbour = uuid.uuid4().hex
    assert throttle.locked(neighbour, address) == 0
    assert throttle.reserve_attempt(neighbour, address)


@override_settings(GENCLOUD_MFA_ADDRESS_MAX_USERS=3)
def test_failures_of_many_users_lock_the_address(address):
    users = [uuid.uuid4().hex for _ in range(4)]
    for failing in users[:3]:
        assert fail(failing, address)
    assert throttle.locked(users[3], address) == conf.get().address_window
    assert not throttle.reserve_attempt(users[3], address)
    assert throttle.reserve_attempt(users[0], address)  # already counted: own limits apply
    assert throttle.reserve_attempt(users[3], next(_addresses))  # other addresses are fine


@override_settings(GENCLOUD_MFA_ADDRESS_MAX_USERS=3)
def test_success_clears_the_users_share_of_the_address_count(address):
    """Issue 17.3: reset() used to delete only the per-user key."""
    for _ in range(5):
        user_id = uuid.uuid4().hex
        assert fail(user_id, address)
        assert throttle.reserve_attempt(user_id, address)
        throttle.record_success(user_id, address)
    assert throttle.locked(uuid.uuid4().hex, address) == 0


def test_success_elsewhere_keeps_other_addresses_slowed(user, address):
    attacker = next(_addresses)
    for _ in range(5):
        fail(user, attacker)
    throttle.record_success(user, address)
    assert throttle.locked(user, attacker) > 0


def test_attempts_without_an_address_use_the_user_limit(user):
    assert [fail(user, None) for _ in range(11)] == [True] * 10 + [False]


def test_lost_lock_state_locks_again(clock, user, address):
    for _ in range(5):
        fail(user, address)
    cache.delete(f'gencloud_mfa:t:pair:{user}:{throttle._address(address)}:lock')
    assert not throttle.reserve_attempt(user, address)
    assert throttle.locked(user, address) == 5 * MINUTE


def test_code_claims_until_released():
    assert throttle.claim_code('u9', '123456', 90)
    assert not throttle.claim_code('u9', '123456', 90)
    assert throttle.claim_code('u8', '123456', 90)
    throttle.release_code('u9', '123456')
    assert throttle.claim_code('u9', '123456', 90)


def test_attempts_count_reserved_tries_until_a_correct_code():
    user = f'u-{uuid.uuid4().hex}'
    for _ in range(3):
        assert throttle.reserve_attempt(user, '192.0.2.77')
        throttle.record_failure(user, '192.0.2.77')
    assert throttle.attempts(user) == 3
    throttle.record_success(user, '192.0.2.77')
    assert throttle.attempts(user) == 0
