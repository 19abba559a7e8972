"""Throttling code guesses, in the cache every Horizon worker and node shares.

Keystone neither counts TOTP failures nor refuses a code used twice, so this
module does both. The counters take a client address; the login step, the
recovery page and the Settings step-up call them through the request-aware
functions at the end (via flow/attempts.py):

    if not throttle.reserve(request, user_id):   # before checking anything
        ...refuse: throttle.wait_seconds(request, user_id) says for how long
    ...evaluate the code...
    throttle.fail(request, user_id)              # wrong code
    throttle.succeed(request, user_id)           # correct code

Design:

- **Reserve, then evaluate.** An attempt is counted before its code is
  checked, with memcached's atomic add/incr, and refused when it would be over
  the limit. A burst of parallel guesses on any number of nodes gets at most
  the allowed number evaluated (increment first, decide on the new count).
- **Three keys.** Per (user, client address) and per user, each with its own
  number of free attempts followed by exponential lockouts; and per address
  only across *distinct* users with failures, with a much higher limit, so one
  account's failures behind an office NAT do not lock the other accounts out.
  (That cap is checked, not reserved: a parallel burst of brand-new accounts
  may pass it together, each still held to its own per-user limits.)
- **Exponential schedule.** After the free attempts comes lockout 1
  (GENCLOUD_MFA_LOCKOUT_SECONDS), and after each lockout exactly one more
  attempt, whose failure brings the next lockout, FACTOR times longer, up to
  GENCLOUD_MFA_LOCKOUT_MAX_SECONDS. Counts are kept for the memory period
  after the last attempt. A correct password never clears them (the step
  starts with `locked()`); only a correct code does.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

from gencloud_mfa import conf
from gencloud_mfa.state import client_ip

_PREFIX = 'gencloud_mfa:'


def lockout_seconds(level: int, cfg: conf.MfaSettings) -> float:
    """Length of lockout number LEVEL (1 = the one after the free attempts)."""
    return min(cfg.lockout_seconds * cfg.lockout_factor ** (level - 1),
               cfg.lockout_max_seconds)


@dataclass(frozen=True)
class _Counter:
    """Attempts of one key: `free` of them, then one per elapsed lockout."""

    key: str
    free: int

    @property
    def count_key(self) -> str:
        return self.key + ':n'

    @property
    def lock_key(self) -> str:
        return self.key + ':lock'  # value: (locked until, lockout level)


@dataclass(frozen=True)
class _Taken:
    """One reserved attempt on a counter, and the lockout it replaced (to undo it)."""

    counter: _Counter
    previous_lock: tuple | None


def _address(address: str) -> str:
    """Cache-key-safe form of a client address (proxies may send 'a, b')."""
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _counters(user_id: str, address: str | None, cfg: conf.MfaSettings) -> list[_Counter]:
    found = [_Counter(f'{_PREFIX}t:user:{user_id}', cfg.user_max_failures)]
    if address:
        found.append(_Counter(f'{_PREFIX}t:pair:{user_id}:{_address(address)}',
                              cfg.max_failures))
    return found


def _address_keys(user_id: str, address: str) -> tuple[str, str]:
    """(distinct failing users from ADDRESS, this user's mark among them)."""
    prefix = f'{_PREFIX}t:addr:{_address(address)}'
    return f'{prefix}:n', f'{prefix}:user:{user_id}'


def _incr(key: str, timeout: int) -> int:
    """Atomically add one to KEY (created at 0 with TIMEOUT); the new value."""
    for _ in range(3):
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            continue
    raise RuntimeError(f'cannot count {key}')


def _decr(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass


def _take(counter: _Counter, now: float, cfg: conf.MfaSettings) -> _Taken | None:
    """Reserve one attempt on COUNTER; None if refused."""
    memory = cfg.failure_memory
    count = _incr(counter.count_key, memory)
    cache.touch(counter.count_key, memory)
    if count <= counter.free:
        if count == counter.free:  # if this one fails too, lockout 1 starts now
            cache.set(counter.lock_key, (now + lockout_seconds(1, cfg), 1), memory)
        return _Taken(counter, None)
    lock = cache.get(counter.lock_key)
    if lock is None:  # its writer is still busy, or the cache lost it: lock again
        cache.add(counter.lock_key, (now + lockout_seconds(1, cfg), 1), memory)
    elif now >= lock[0] and cache.add(f'{counter.lock_key}:claim:{lock[0]!r}', 1, memory):
        # The one attempt this lockout's end allows; the next lockout is longer.
        level = lock[1] + 1
        cache.set(counter.lock_key, (now + lockout_seconds(level, cfg), level), memory)
        return _Taken(counter, lock)
    _decr(counter.count_key)
    return None


def _give_back(taken: _Taken, cfg: conf.MfaSettings) -> None:
    """Undo a `_take` (another key refused the same attempt)."""
    lock = taken.previous_lock
    if lock is not None:
        cache.set(taken.counter.lock_key, lock, cfg.failure_memory)
        cache.delete(f'{taken.counter.lock_key}:claim:{lock[0]!r}')
    _decr(taken.counter.count_key)


def _address_full(user_id: str, address: str, cfg: conf.MfaSettings) -> bool:
    """Too many other users failed from ADDRESS lately (this user is not among them)."""
    count_key, mark = _address_keys(user_id, address)
    values = cache.get_many([count_key, mark])
    return mark not in values and values.get(count_key, 0) >= cfg.address_max_users


def reserve_attempt(user_id: str, address: str | None) -> bool:
    """Count one code attempt BEFORE it is evaluated; False = refused, do not evaluate.

    Call it once per code (TOTP or recovery code) that is about to be checked.
    A refused attempt is not counted. A reserved one counts against the user
    (and the user from ADDRESS) until `record_success`; after a wrong code call
    `record_failure` too, which counts the user among ADDRESS's failing users.
    """
    cfg = conf.get()
    if address and _address_full(user_id, address, cfg):
        return False
    now, taken = time.time(), []
    for counter in _counters(user_id, address, cfg):
        held = _take(counter, now, cfg)
        if held is None:
            for earlier in taken:
                _give_back(earlier, cfg)
            return False
        taken.append(held)
    return True


def record_failure(user_id: str, address: str | None) -> None:
    """A reserved attempt's code was wrong: USER_ID now counts as failing from ADDRESS.

    Only distinct users count there, each once per address window, so one
    account cannot lock out the others behind the same address (office NAT).
    """
    if not address:
        return
    cfg = conf.get()
    count_key, mark = _address_keys(user_id, address)
    if cache.add(mark, 1, cfg.address_window):
        _incr(count_key, cfg.address_window)


def record_success(user_id: str, address: str | None) -> None:
    """A correct code: clear the user's counts and this address's count of the user.

    Other addresses' counts for this user stay: a guesser elsewhere remains
    slowed down.
    """
    cfg = conf.get()
    for counter in _counters(user_id, address, cfg):
        cache.delete_many([counter.count_key, counter.lock_key])
    if address:
        count_key, mark = _address_keys(user_id, address)
        if cache.delete(mark):
            _decr(count_key)


def attempts(user_id: str) -> int:
    """Code attempts counted against USER_ID since its last correct code (for the audit)."""
    counter = _counters(user_id, None, conf.get())[0]
    return cache.get(counter.count_key, 0)


def locked(user_id: str, address: str | None) -> float:
    """Seconds until USER_ID may try a code from ADDRESS again (0: now)."""
    cfg = conf.get()
    counters = _counters(user_id, address, cfg)
    values = cache.get_many([key for c in counters for key in (c.count_key, c.lock_key)])
    now, waits = time.time(), [0.0]
    for counter in counters:
        lock = values.get(counter.lock_key)
        if values.get(counter.count_key, 0) >= counter.free and lock:
            waits.append(lock[0] - now)
    if address and _address_full(user_id, address, cfg):
        waits.append(cfg.address_window)
    return max(waits)


def claim_code(user_id: str, code: str, window: int) -> bool:
    """False if this user's CODE is already used or being checked right now.

    Claim before asking Keystone, `release_code` if Keystone did not accept
    it: only an accepted code stays used for WINDOW seconds.
    """
    return cache.add(_code_key(user_id, code), 1, window)


def release_code(user_id: str, code: str) -> None:
    cache.delete(_code_key(user_id, code))


def _code_key(user_id: str, code: str) -> str:
    digest = hashlib.sha256(f'{user_id}:{code}'.encode()).hexdigest()
    return f'{_PREFIX}used:{digest}'


def reserve(request, user_id: str) -> bool:
    """`reserve_attempt` from this request's client address."""
    return reserve_attempt(user_id, client_ip(request))


def fail(request, user_id: str) -> None:
    """`record_failure` from this request's client address."""
    record_failure(user_id, client_ip(request))


def succeed(request, user_id: str) -> None:
    """`record_success` from this request's client address."""
    record_success(user_id, client_ip(request))


def wait_seconds(request, user_id: str) -> float:
    """`locked`: seconds until USER_ID may try a code from this client address."""
    return locked(user_id, client_ip(request))


def claim(user_id: str, code: str) -> bool:
    """`claim_code` for the replay window (GENCLOUD_MFA_REPLAY_SECONDS)."""
    return claim_code(user_id, code, conf.get().replay_seconds)
