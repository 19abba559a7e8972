"""Every Keystone call of gencloud_mfa, and the one error the MFA flows catch.

Two identities call Keystone: the MFA service identity for the login flow and
Settings > Authenticator (service_identity.py, stores.py), and an admin's token
for Identity > Users and the CLI (admin.py). A failure of the first is
KeystoneUnavailable, whatever keystoneauth raised. Admin
calls keep keystoneclient's exceptions: Horizon's `exceptions.handle` and
the CLI tell their kinds apart (an expired admin token logs the admin out).

Imports conf, logic and state only; never flow/ or dashboards/.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from keystoneauth1 import exceptions as ks_exc


class KeystoneUnavailable(Exception):
    """Keystone could not be reached, or refused the identity the call was made with."""


class Busy(KeystoneUnavailable):
    """Another request holds the user's credential lock for too long."""


@contextlib.contextmanager
def unavailable_on_error(call: str) -> Iterator[None]:
    """Turn any keystoneauth/keystoneclient failure inside into KeystoneUnavailable(CALL: kind)."""
    try:
        yield
    except ks_exc.ClientException as exc:
        raise KeystoneUnavailable(f'{call}: {type(exc).__name__}') from exc
