"""Where the flows in credentials.py read and write a user's MFA credentials.

Always the MFA service identity: the policy we ship (keystone-policy.yaml)
takes TOTP and recovery credentials away from the owner's own token, so a
stray token of the user cannot read the secret or change the factors
without Horizon's step-up. The protocols let unit tests pass a memory store.
"""
from __future__ import annotations

from typing import Protocol

from gencloud_mfa.keystone import service_identity


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
