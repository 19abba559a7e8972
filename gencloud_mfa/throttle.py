"""Counting wrong codes and refusing replays, in the cache every worker shares.

Failures are counted per user and per client address; at the limit the
pending login is dropped and the user must start again with the password.
Keystone itself neither counts TOTP failures nor refuses a code used twice.
"""
from __future__ import annotations

import hashlib

from django.core.cache import cache

_PREFIX = 'gencloud_mfa:'


def _keys(user_id: str, client_ip: str | None) -> list[str]:
    keys = [f'{_PREFIX}fail:user:{user_id}']
    if client_ip:
        keys.append(f'{_PREFIX}fail:ip:{client_ip}')
    return keys


def failures(user_id: str, client_ip: str | None) -> int:
    """The larger of the user's and the address's failure counts."""
    counts = cache.get_many(_keys(user_id, client_ip))
    return max(counts.values(), default=0)


def record_failure(user_id: str, client_ip: str | None, window: int) -> int:
    """Count one wrong code; return the new (larger) count."""
    counts = []
    for key in _keys(user_id, client_ip):
        cache.add(key, 0, window)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            counts.append(1)
    return max(counts)


def reset(user_id: str) -> None:
    cache.delete(f'{_PREFIX}fail:user:{user_id}')


def claim_code(user_id: str, code: str, window: int) -> bool:
    """False if this user's CODE was already used within WINDOW seconds."""
    digest = hashlib.sha256(f'{user_id}:{code}'.encode()).hexdigest()
    return cache.add(f'{_PREFIX}used:{digest}', 1, window)


def lock(name: str, seconds: int = 30) -> bool:
    """A short cross-worker mutex (cache.add is atomic in memcached)."""
    return cache.add(f'{_PREFIX}lock:{name}', 1, seconds)


def unlock(name: str) -> None:
    cache.delete(f'{_PREFIX}lock:{name}')
