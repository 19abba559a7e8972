"""A code was tried: the one sequence the login step, the recovery page and the Settings
step-up share (reserve, check, then count and audit a wrong one or clear on a right one).

    if not attempts.reserve(request, user_id):      # before checking anything
        ...locked out
    if not <the code is right>:
        locked = attempts.wrong(request, user_id, 'TOTP code', 'code step')
    else:
        attempts.right(request, user_id)

Every wrong code, wherever it was typed, counts toward the same lockout
(state/throttle.py) and is audited as code_failed, or lockout when it starts one.
"""
from __future__ import annotations

import logging

from gencloud_mfa import conf
from gencloud_mfa.logic import totp
from gencloud_mfa.state import audit, throttle

LOG = logging.getLogger(__name__)


def reserve(request, user_id: str) -> bool:
    """Count the coming try BEFORE its code is checked; False: locked out, check nothing."""
    if throttle.reserve(request, user_id):
        return True
    LOG.warning('Code attempt for user %s refused: locked out', user_id)
    return False


def wrong(request, user_id: str, code_kind: str, where: str) -> bool:
    """The reserved try was wrong: count and audit it; True when the user must now wait."""
    LOG.warning('Wrong %s for user %s (%s)', code_kind, user_id, where)
    throttle.fail(request, user_id)
    locked = throttle.wait_seconds(request, user_id) > 0
    audit.record(request, audit.LOCKOUT if locked else audit.CODE_FAILED, user_id,
                 failures=throttle.attempts(user_id))
    return locked


def right(request, user_id: str) -> None:
    """The reserved try was right: the user's counts start over."""
    throttle.succeed(request, user_id)


def verify_totp(secret: str, code: str) -> bool:
    """CODE is SECRET's current (or a previous-window) code, with Keystone's parameters."""
    cfg = conf.get()
    return totp.verify(secret, code, digits=cfg.digits, period=cfg.period,
                       previous_windows=cfg.previous_windows)


def otpauth_uri(secret: str, account: str) -> str:
    """The enrollment URI (QR code) of SECRET for ACCOUNT, with the configured issuer."""
    cfg = conf.get()
    return totp.otpauth_uri(secret, account, cfg.issuer, cfg.digits, cfg.period)
