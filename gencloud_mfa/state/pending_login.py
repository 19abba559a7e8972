"""The pending MFA login: whose it is, as Keystone said in the receipt.

The password step ends with a Keystone receipt (opaque to us). At that moment
our login plugin records the identity Keystone returned with it, in the shared
cache under a hash of the receipt (the cache half). Later steps look the
identity up from the receipt in the server-side session (the session half,
with the enrollment secret not yet saved and the "recovery code used" mark),
so nothing the browser sends (URL, form field, cookie) can change whose login
it is. `drop` ends all of it at once. Whether the user is enrolled is asked of
Keystone by the flow (flow/step.py) and kept here.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass

from django.core.cache import cache

_PREFIX = 'gencloud_mfa:receipt:'
# Where openstack_auth's login view leaves Keystone's receipt.
_RECEIPT_KEY = 'receipt'
# The enrollment secret shown to the user and not yet saved in Keystone.
_ENROLL_KEY = 'gencloud_mfa_enroll'
# Set once a recovery code is used up, until the old authenticator is gone: a
# retry after Keystone failed in between needs no second code.
_RECOVERY_USED_KEY = 'gencloud_mfa_recovery_used'
# How long past the receipt's expiry its identity is kept: a user who scanned
# the QR and typed a valid code just too late still gets the credential saved.
ENROLL_GRACE_SECONDS = 900


@dataclass
class PendingLogin:
    user_id: str
    user_name: str
    domain_id: str
    domain_name: str
    expires_at: float
    login_name: str
    enrolled: bool | None = None  # unknown until looked up once
    # A recovery code was used up in this login: the new enrollment that follows
    # proved a second factor, so the enrollment window does not apply to it.
    recovered: bool = False

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at


def from_receipt_body(body: dict, expires_at: float, login_name: str) -> PendingLogin:
    """Build the identity from Keystone's 401 body (`receipt.user`)."""
    user = body['receipt']['user']
    domain = user.get('domain') or {}
    return PendingLogin(user_id=user['id'], user_name=user['name'],
                        domain_id=domain.get('id', ''), domain_name=domain.get('name', ''),
                        expires_at=expires_at, login_name=login_name)


def _key(receipt: str) -> str:
    return _PREFIX + hashlib.sha256(receipt.encode()).hexdigest()


def remember(receipt: str, pending: PendingLogin) -> None:
    ttl = max(1, int(pending.expires_at - time.time()) + ENROLL_GRACE_SECONDS)
    cache.set(_key(receipt), asdict(pending), ttl)


def lookup(receipt: str | None) -> PendingLogin | None:
    if not receipt:
        return None
    record = cache.get(_key(receipt))
    return PendingLogin(**record) if record else None


def forget(receipt: str | None) -> None:
    if receipt:
        cache.delete(_key(receipt))


def in_session(request) -> str | None:
    """The receipt the password step left in this server-side session, if any."""
    return request.session.get(_RECEIPT_KEY)


def current(request) -> tuple[str, PendingLogin] | None:
    """This session's receipt and the identity recorded for it; None if there is none."""
    receipt = in_session(request)
    pending = lookup(receipt)
    return None if pending is None else (receipt, pending)


def drop(request) -> None:
    """Forget the receipt, its recorded identity, any unsaved secret and recovery mark."""
    forget(request.session.pop(_RECEIPT_KEY, None))
    request.session.pop(_ENROLL_KEY, None)
    request.session.pop(_RECOVERY_USED_KEY, None)


def unsaved_secret(request, pending: PendingLogin) -> str | None:
    """The secret shown to this pending login's user and not yet saved, if any."""
    entry = request.session.get(_ENROLL_KEY) or {}
    return entry.get('secret') if entry.get('user_id') == pending.user_id else None


def keep_secret(request, pending: PendingLogin, secret: str) -> None:
    """Keep the secret being shown, server-side only, until a code proves it."""
    request.session[_ENROLL_KEY] = {'user_id': pending.user_id, 'secret': secret}


def mark_recovery_used(request, pending: PendingLogin) -> None:
    """A recovery code was used up; the old authenticator is not removed yet."""
    request.session[_RECOVERY_USED_KEY] = pending.user_id


def recovery_used(request, pending: PendingLogin) -> bool:
    """Whether this login used up a recovery code and still has to remove the authenticator."""
    return request.session.get(_RECOVERY_USED_KEY) == pending.user_id


def set_enrolled(request, receipt: str, pending: PendingLogin, enrolled: bool,
                 recovered: bool = False) -> None:
    """Record a known enrollment state; any unsaved secret is dropped.

    Enrolled: the code page follows. Not enrolled (old authenticator
    removed): the enrollment page shows a fresh secret; RECOVERED when a
    recovery code removed it (which ends the recovery mark).
    """
    request.session.pop(_ENROLL_KEY, None)
    if recovered:
        request.session.pop(_RECOVERY_USED_KEY, None)
    pending.enrolled = enrolled
    pending.recovered = pending.recovered or recovered
    remember(receipt, pending)
