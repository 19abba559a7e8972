"""A user's credentials through one of two identities, with the same calls.

The MFA service identity serves a pending login (the user holds only a
receipt); the logged-in user's own token serves Settings, where Keystone's
owner rules decide. The flows in credentials.py do not care which.
"""
from __future__ import annotations

from typing import Protocol

from keystoneauth1 import exceptions as ks_exc
from openstack_dashboard import api

from gencloud_mfa.keystone import service_identity, unavailable_on_error


class Store(Protocol):
    def list(self, user_id: str, cred_type: str) -> list[dict]: ...

    def create(self, user_id: str, cred_type: str, blob: str) -> None: ...

    def delete(self, credential_id: str) -> bool: ...


class UpdatableStore(Store, Protocol):
    """A store that can also rewrite a blob (using up one recovery code)."""

    def update(self, credential_id: str, blob: str) -> bool: ...


class ServiceStore:
    """The MFA service identity (service_identity.py)."""

    def list(self, user_id: str, cred_type: str) -> list[dict]:
        return service_identity.credentials(user_id=user_id, type=cred_type)

    def create(self, user_id: str, cred_type: str, blob: str) -> None:
        service_identity.create_credential(user_id, cred_type, blob)

    def update(self, credential_id: str, blob: str) -> bool:
        return service_identity.update_credential(credential_id, blob)

    def delete(self, credential_id: str) -> bool:
        return service_identity.delete_credential(credential_id)


class UserStore:
    """The logged-in user's own token: Keystone's owner rules decide."""

    def __init__(self, request) -> None:
        self.request = request

    def _client(self):
        return api.keystone.keystoneclient(self.request)

    def list(self, user_id: str, cred_type: str) -> list[dict]:
        with unavailable_on_error('list credentials'):
            found = self._client().credentials.list(user_id=user_id, type=cred_type)
        return [{'id': c.id, 'type': c.type, 'blob': c.blob} for c in found]

    def create(self, user_id: str, cred_type: str, blob: str) -> None:
        with unavailable_on_error('create credential'):
            self._client().credentials.create(user=user_id, type=cred_type, blob=blob)

    def delete(self, credential_id: str) -> bool:
        with unavailable_on_error('delete credential'):
            try:
                self._client().credentials.delete(credential_id)
            except ks_exc.NotFound:
                return False
        return True
