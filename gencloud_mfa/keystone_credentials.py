"""Recovery codes and authenticator swaps, on Keystone credentials.

Two identities do this: the MFA service identity for a pending login (the
user holds only a receipt) and the logged-in user's own token in Settings.
Both are "stores" with the same calls; the flows below do not care which
(only the service identity consumes a recovery code, so only it updates).
Every change of a user's credentials runs under the per-user lock shared by
all Horizon workers (service.credential_lock, which enrollment holds too),
then looks at Keystone afresh, so parallel requests cannot both use one
recovery code or leave two authenticators.
"""
from __future__ import annotations

import logging
from typing import Protocol

from keystoneauth1 import exceptions as ks_exc
from openstack_dashboard import api

from gencloud_mfa import recovery, service

LOG = logging.getLogger(__name__)
TOTP = 'totp'


class Store(Protocol):
    def list(self, user_id: str, cred_type: str) -> list[dict]: ...

    def create(self, user_id: str, cred_type: str, blob: str) -> None: ...

    def delete(self, credential_id: str) -> bool: ...

    def update(self, credential_id: str, blob: str) -> bool: ...


class ServiceStore:
    """The MFA service identity (service.py): lists, uses up and deletes; never creates here."""

    def list(self, user_id: str, cred_type: str) -> list[dict]:
        return service.credentials(user_id=user_id, type=cred_type)

    def update(self, credential_id: str, blob: str) -> bool:
        return service.update_credential(credential_id, blob)

    def delete(self, credential_id: str) -> bool:
        return service.delete_credential(credential_id)


class UserStore:
    """The logged-in user's own token: Keystone's owner rules decide."""

    def __init__(self, request) -> None:
        self.request = request

    def _client(self):
        return api.keystone.keystoneclient(self.request)

    def list(self, user_id: str, cred_type: str) -> list[dict]:
        try:
            found = self._client().credentials.list(user_id=user_id, type=cred_type)
        except ks_exc.ClientException as exc:
            raise service.ServiceUnavailable(f'list credentials: {type(exc).__name__}') from exc
        return [{'id': c.id, 'type': c.type, 'blob': c.blob} for c in found]

    def create(self, user_id: str, cred_type: str, blob: str) -> None:
        try:
            self._client().credentials.create(user=user_id, type=cred_type, blob=blob)
        except ks_exc.ClientException as exc:
            raise service.ServiceUnavailable(f'create credential: {type(exc).__name__}') from exc

    def delete(self, credential_id: str) -> bool:
        try:
            self._client().credentials.delete(credential_id)
        except ks_exc.NotFound:
            return False
        except ks_exc.ClientException as exc:
            raise service.ServiceUnavailable(f'delete credential: {type(exc).__name__}') from exc
        return True



def remaining_codes(store: Store, user_id: str) -> int:
    return recovery.remaining(recovery.stored(store.list(user_id, recovery.CREDENTIAL_TYPE)))


def issue_codes(store: Store, user_id: str) -> list[str]:
    """A new set of recovery codes; the previous set stops working.

    Raises ServiceUnavailable if Keystone failed; then the previous set still
    works and no new code was shown to anyone.
    """
    codes = recovery.new_codes()
    with service.credential_lock(user_id):
        old = store.list(user_id, recovery.CREDENTIAL_TYPE)
        store.create(user_id, recovery.CREDENTIAL_TYPE, recovery.blob(codes))
        for credential in old:
            store.delete(credential['id'])
    LOG.info('New recovery codes for user %s', user_id)
    return codes


def use_code(store: Store, user_id: str, typed: str) -> bool:
    """Consume the recovery code TYPED; False if it is wrong or already used."""
    code = recovery.normalize(typed)
    if code is None:
        return False
    with service.credential_lock(user_id):
        found = recovery.match(code, recovery.stored(
            store.list(user_id, recovery.CREDENTIAL_TYPE)))
        if found is None:
            return False
        stored, digest = found
        left = recovery.without(stored, digest)
        used = (store.update(stored.credential_id, left) if left is not None
                else store.delete(stored.credential_id))
    if used:
        LOG.info('Recovery code used by user %s', user_id)
    return used


def remove_authenticators(store: Store, user_id: str) -> None:
    """Delete every TOTP credential of the user (a recovery code was used)."""
    with service.credential_lock(user_id):
        for credential in store.list(user_id, TOTP):
            store.delete(credential['id'])


def replace_authenticator(store: Store, user_id: str, secret: str) -> None:
    """End with exactly one TOTP credential, SECRET's; idempotent.

    The new one is created before any old one is deleted: if Keystone fails
    in between, the old authenticator keeps working and a retry finishes.
    """
    with service.credential_lock(user_id):
        existing = store.list(user_id, TOTP)
        if not any(credential.get('blob') == secret for credential in existing):
            store.create(user_id, TOTP, secret)
        for credential in existing:
            if credential.get('blob') != secret:
                store.delete(credential['id'])
    LOG.info('Authenticator replaced for user %s', user_id)
