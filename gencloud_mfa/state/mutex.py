"""Short cross-worker locks in the shared cache (memcached's add is atomic).

Every node sees the same lock, so one user's credential changes run one at a
time and a once-per-login step runs once, whichever worker takes the request.
"""
from __future__ import annotations

import time

from django.core.cache import cache

_PREFIX = 'gencloud_mfa:lock:'


def lock(name: str, seconds: int = 30) -> bool:
    """Take NAME for SECONDS at most; False if another holder has it."""
    return cache.add(_PREFIX + name, 1, seconds)


def unlock(name: str) -> None:
    cache.delete(_PREFIX + name)


def acquire(name: str, wait: float) -> bool:
    """Take NAME, polling for up to WAIT seconds; False if it stayed taken."""
    deadline = time.monotonic() + wait
    while not lock(name):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def first(name: str, seconds: int = 60) -> bool:
    """True for the first caller of NAME within SECONDS, across workers."""
    return lock(f'once:{name}', seconds)
