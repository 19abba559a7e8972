"""The changes of a user's MFA credentials: enrollment, recovery codes, authenticator swaps.

Every change runs under the per-user lock shared by all Horizon workers
(`credential_lock`), then looks at Keystone afresh, so double submits and
parallel requests cannot both use one recovery code or leave two
authenticators. The store (stores.py) says whose identity makes the calls.
"""
from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Iterator

from gencloud_mfa import conf
from gencloud_mfa.keystone import Busy, service_identity
from gencloud_mfa.keystone.stores import ServiceStore, Store, UpdatableStore
from gencloud_mfa.logic import enroll_window, recovery_codes, totp
from gencloud_mfa.state import mutex

LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def credential_lock(user_id: str, wait: float = 10) -> Iterator[None]:
    """The cross-worker lock every change of USER_ID's MFA credentials runs under,
    enrollment and recovery alike; raises Busy after WAIT seconds."""
    name = f'enroll:{user_id}'
    if not mutex.acquire(name, wait):
        raise Busy(name)
    try:
        yield
    finally:
        mutex.unlock(name)


def is_enrolled(user_id: str) -> bool:
    """Whether the user has a TOTP credential (asked as the MFA service identity)."""
    return bool(ServiceStore().list(user_id, totp.CREDENTIAL_TYPE))


def enrollment_allowed(user_id: str) -> bool:
    """Self-enrollment check at login (enroll_window.py); reads Keystone only when the window is on."""
    hours = conf.get().enroll_window_hours
    if hours is None:
        return True
    recorded = service_identity.user_record(user_id).get(enroll_window.ATTRIBUTE)
    return enroll_window.is_open(recorded, hours, enroll_window.utcnow())


class Saved(enum.Enum):
    """What create_totp_once did."""
    CREATED = 'created'
    ALREADY = 'already'  # this very secret was saved before (a double submit)
    OTHER = 'other'  # another authenticator is registered: nothing saved


def create_totp_once(store: Store, user_id: str, secret: str) -> Saved:
    """Create the user's one TOTP credential, SECRET, unless they have one."""
    with credential_lock(user_id):
        existing = store.list(user_id, totp.CREDENTIAL_TYPE)
        if existing:
            return (Saved.ALREADY if any(cred.get('blob') == secret for cred in existing)
                    else Saved.OTHER)
        store.create(user_id, totp.CREDENTIAL_TYPE, secret)
    LOG.info('TOTP credential created for user %s', user_id)
    return Saved.CREATED


def replace_authenticator(store: Store, user_id: str, secret: str) -> None:
    """End with exactly one TOTP credential, SECRET's; idempotent.

    The new one is created before any old one is deleted: if Keystone fails
    in between, the old authenticator keeps working and a retry finishes.
    """
    with credential_lock(user_id):
        existing = store.list(user_id, totp.CREDENTIAL_TYPE)
        if not any(credential.get('blob') == secret for credential in existing):
            store.create(user_id, totp.CREDENTIAL_TYPE, secret)
        for credential in existing:
            if credential.get('blob') != secret:
                store.delete(credential['id'])
    LOG.info('Authenticator replaced for user %s', user_id)


def remove_authenticators(store: Store, user_id: str) -> None:
    """Delete every TOTP credential of the user (a recovery code was used)."""
    with credential_lock(user_id):
        for credential in store.list(user_id, totp.CREDENTIAL_TYPE):
            store.delete(credential['id'])


def remaining_codes(store: Store, user_id: str) -> int:
    return recovery_codes.remaining(recovery_codes.stored(
        store.list(user_id, recovery_codes.CREDENTIAL_TYPE)))


def issue_codes(store: Store, user_id: str) -> list[str]:
    """A new set of recovery codes; the previous set stops working.

    Raises KeystoneUnavailable if Keystone failed; then the previous set still
    works and no new code was shown to anyone.
    """
    codes = recovery_codes.new_codes()
    with credential_lock(user_id):
        old = store.list(user_id, recovery_codes.CREDENTIAL_TYPE)
        store.create(user_id, recovery_codes.CREDENTIAL_TYPE, recovery_codes.blob(codes))
        for credential in old:
            store.delete(credential['id'])
    LOG.info('New recovery codes for user %s', user_id)
    return codes


def use_code(store: UpdatableStore, user_id: str, typed: str) -> int | None:
    """Consume the recovery code TYPED: the number of codes left (for the audit
    trail), or None if it is wrong or already used."""
    code = recovery_codes.normalize(typed)
    if code is None:
        return None
    with credential_lock(user_id):
        sets = recovery_codes.stored(store.list(user_id, recovery_codes.CREDENTIAL_TYPE))
        found = recovery_codes.match(code, sets)
        if found is None:
            return None
        stored, digest = found
        left = recovery_codes.without(stored, digest)
        used = (store.update(stored.credential_id, left) if left is not None
                else store.delete(stored.credential_id))
    if not used:
        return None
    LOG.info('Recovery code used by user %s', user_id)
    return recovery_codes.remaining(sets) - 1
