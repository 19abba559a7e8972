"""Chance that an attacker holding a user's password guesses a TOTP code within a year.

Plays the attacker against the real throttle module (gencloud_mfa.state.throttle, on
Django's local-memory cache with a simulated clock): every guess is made as
soon as the throttle allows it, from one address, and from a new address each
time. Each guess hits with probability (1 + previous windows) / 10^digits,
because Keystone accepts the current code and `[totp] included_previous_windows`
earlier ones. A cleverer attacker could also pause until the counts are
forgotten (GENCLOUD_MFA_FAILURE_MEMORY_SECONDS) and start over; that strategy
is counted too.

    .venv/bin/python bench/mfa_bruteforce.py                 # gencloud defaults
    DJANGO_SETTINGS_MODULE=my_settings .venv/bin/python bench/mfa_bruteforce.py
Goal (issue 11): below 1e-4.
"""
from __future__ import annotations

import itertools
import math
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django
from django.conf import settings

YEAR = 365 * 86400
GOAL = 1e-4


def _setup() -> None:
    if not os.environ.get('DJANGO_SETTINGS_MODULE'):
        settings.configure(CACHES={'default': {
            'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}})
    django.setup()


def guesses_in_a_year(new_address_each_time: bool) -> tuple[int, list[float]]:
    """Guesses the throttle lets through in YEAR, and the lockouts met on the way."""
    from gencloud_mfa.state import throttle
    real_time, now = time.time, [0.0]
    time.time = lambda: now[0]  # the throttle's clock and the cache's expiry alike
    try:
        now[0] = real_time()
        start, user, guesses, waits = now[0], uuid.uuid4().hex, 0, []
        addresses = (f'10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}'
                     for n in itertools.count(1))
        address = next(addresses)
        while True:
            if new_address_each_time:
                address = next(addresses)
            wait = throttle.locked(user, address)
            if wait > 0:
                waits.append(wait)
                now[0] += wait
            if now[0] - start >= YEAR:
                return guesses, waits
            assert throttle.reserve_attempt(user, address), 'locked() said it was free'
            throttle.record_failure(user, address)
            guesses += 1
    finally:
        time.time = real_time


def restart_strategy(free: int, memory: int) -> int:
    """Free attempts, then silence until the counts are forgotten, again and again."""
    return free * math.ceil(YEAR / memory) if memory < YEAR else free


def _duration(seconds: float) -> str:
    for unit, size in (('d', 86400), ('h', 3600), ('min', 60)):
        if seconds >= size:
            return f'{seconds / size:.2g} {unit}'
    return f'{seconds:.0f} s'


def main() -> int:
    _setup()
    from gencloud_mfa import conf
    cfg = conf.get()
    accepted = 1 + cfg.previous_windows
    per_guess = accepted / 10 ** cfg.digits
    print(f'schedule: {cfg.max_failures} free per (user, address), {cfg.user_max_failures} '
          f'per user; lockouts {cfg.lockout_seconds}s x{cfg.lockout_factor:g} up to '
          f'{cfg.lockout_max_seconds}s; counts kept {cfg.failure_memory}s')
    print(f'Keystone accepts {accepted} codes of 10^{cfg.digits}: {per_guess:.1e} per guess')
    worst = 0.0
    for label, spread, free in (('one address', False, cfg.max_failures),
                                ('a new address per guess', True, cfg.user_max_failures)):
        greedy, waits = guesses_in_a_year(spread)
        guesses = max(greedy, restart_strategy(free, cfg.failure_memory))
        chance = 1 - (1 - per_guess) ** guesses
        worst = max(worst, chance)
        shown = ', '.join(_duration(w) for w in waits[:7])
        print(f'{label:<24} {guesses:>5} guesses/year  chance {chance:.1e}'
              f'   (first lockouts: {shown}, ...)')
    print(f'worst chance within a year: {worst:.1e}  goal < {GOAL:.0e}:',
          'met' if worst < GOAL else 'MISSED')
    return 0 if worst < GOAL else 1


if __name__ == '__main__':
    sys.exit(main())
