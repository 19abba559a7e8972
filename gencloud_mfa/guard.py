"""The one place the recovery and authenticator flows reach the throttle.

Wrong recovery codes and wrong step-up codes count as failures exactly like
wrong login codes (per user and per client address). Only this module calls
throttle.py, so a change of the throttle's API touches only these functions.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from openstack_auth import utils as auth_utils

from gencloud_mfa import conf, service, throttle


class Busy(service.ServiceUnavailable):
    """Another request holds the per-user lock for too long."""


def locked_out(request, user_id: str) -> bool:
    """Whether this user or this client address has used up its tries."""
    return throttle.failures(user_id, auth_utils.get_client_ip(request)) >= conf.get().max_failures


def fail(request, user_id: str) -> bool:
    """Count one wrong code; True when that used up the last try."""
    cfg = conf.get()
    count = throttle.record_failure(user_id, auth_utils.get_client_ip(request),
                                    cfg.lockout_seconds)
    return count >= cfg.max_failures


def claim(user_id: str, code: str) -> bool:
    """False if this TOTP code was already used (Keystone has no replay check)."""
    return throttle.claim_code(user_id, code, conf.get().replay_seconds)


def first(name: str, seconds: int = 60) -> bool:
    """True for the first caller of NAME within SECONDS, across workers."""
    return throttle.lock(f'once:{name}', seconds)


@contextlib.contextmanager
def mutex(name: str, wait: float = 10) -> Iterator[None]:
    """A cross-worker lock (memcached add); raises Busy after WAIT seconds."""
    deadline = time.monotonic() + wait
    while not throttle.lock(name):
        if time.monotonic() > deadline:
            raise Busy(name)
        time.sleep(0.1)
    try:
        yield
    finally:
        throttle.unlock(name)
