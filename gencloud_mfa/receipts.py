"""Who a pending MFA login belongs to, as Keystone said in the receipt.

The password step ends with a Keystone receipt (opaque to us). At that moment
our login plugin records the identity Keystone returned with it, in the shared
cache under a hash of the receipt. Later steps look the identity up from the
receipt in the server-side session, so nothing the browser sends (URL,
form field, cookie) can change whose login it is.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass

from django.core.cache import cache

_PREFIX = 'gencloud_mfa:receipt:'
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

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at


def needs_totp(required_rules: list[list[str]]) -> bool:
    """Any rule that asks for TOTP routes the user to our code/enrollment step.

    Keystone's receipt lists only the user's rules that contain the method
    just used (password), so such a rule asks for password *and* TOTP: our
    flow enrolls only users for whom TOTP is a second factor. (A further rule
    letting TOTP alone in, e.g. ["totp"], is not in the receipt; Identity >
    Users, `gencloud_mfa status` and `check --deploy` flag such users.)
    """
    return any('totp' in rule for rule in required_rules)


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
