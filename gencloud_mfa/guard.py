"""The one place the recovery and authenticator flows reach the throttle.

Wrong recovery codes and wrong step-up codes count as failures exactly like
wrong login codes (per user and per client address). Only this module calls
throttle.py for them (the per-user credential lock is service.credential_lock),
so a change of the throttle's API touches only these functions.
"""
from __future__ import annotations

from openstack_auth import utils as auth_utils

from gencloud_mfa import conf, throttle


def _address(request) -> str | None:
    return auth_utils.get_client_ip(request)


def locked_out(request, user_id: str) -> bool:
    """Whether this user (or the user from this client address) must wait before a try."""
    return throttle.locked(user_id, _address(request)) > 0


def reserve(request, user_id: str) -> bool:
    """Count the coming try BEFORE its code is checked; False: refused, check nothing."""
    return throttle.reserve_attempt(user_id, _address(request))


def fail(request, user_id: str) -> bool:
    """The reserved try was wrong; True when the user must now wait."""
    throttle.record_failure(user_id, _address(request))
    return locked_out(request, user_id)


def attempts(user_id: str) -> int:
    """Tries counted against the user since its last correct code."""
    return throttle.attempts(user_id)


def succeed(request, user_id: str) -> None:
    """The reserved try was right: clear the counts, as a correct login code does."""
    throttle.record_success(user_id, _address(request))


def claim(user_id: str, code: str) -> bool:
    """False if this TOTP code was already used (Keystone has no replay check)."""
    return throttle.claim_code(user_id, code, conf.get().replay_seconds)


def first(name: str, seconds: int = 60) -> bool:
    """True for the first caller of NAME within SECONDS, across workers."""
    return throttle.lock(f'once:{name}', seconds)

