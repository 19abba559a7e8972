"""Is the Keystone-side TOTP guard (keystone-guard/, README "Keystone TOTP guard") on?

Without it Keystone signs a user in on a TOTP passcode alone whenever their MFA
rules allow it, and rules are empty for every user MFA was never switched on
for: whoever can create a TOTP credential (an admin, our service identity) could
sign in as them without the password. This asks the running Keystone rather than
trusting a setting: one unauthenticated token request with the totp method alone
for a user that does not exist. The guard refuses it before any lookup, with its
own message; upstream Keystone looks the user up and answers its generic 401.
"""
from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from keystoneauth1 import exceptions as ks_exc
from openstack_auth import utils

from gencloud_mfa.keystone import KeystoneUnavailable

# The start of gencloud_keystone_guard.totp.TotpAlone's message.
REFUSAL = 'A TOTP passcode is a second factor'
PROBE_SECONDS = 5
REMEMBER_SECONDS = 600


def installed(keystone_url: str | None = None) -> bool:
    """Whether KEYSTONE_URL (default: Horizon's) refuses a passcode as the only factor.

    Raises KeystoneUnavailable when Keystone does not answer the probe.
    """
    url = (keystone_url or settings.OPENSTACK_KEYSTONE_URL).rstrip('/') + '/auth/tokens'
    body = {'auth': {'identity': {'methods': ['totp'], 'totp': {
        'user': {'id': uuid.uuid4().hex, 'passcode': '000000'}}}}}
    try:
        answer = utils.get_session(timeout=PROBE_SECONDS).post(
            url, json=body, raise_exc=False, authenticated=False)
    except ks_exc.ClientException as exc:
        raise KeystoneUnavailable(type(exc).__name__) from exc
    if answer.status_code != 401:
        raise KeystoneUnavailable(f'HTTP {answer.status_code}')
    try:
        message = answer.json()['error']['message']
    except (ValueError, KeyError, TypeError):
        return False
    return message.startswith(REFUSAL)


def known_installed() -> bool:
    """installed() for Horizon's Keystone, remembered in the shared cache for pages
    (Identity > Users) that must not ask at every render; False when it did not answer."""
    url = settings.OPENSTACK_KEYSTONE_URL
    key = 'gencloud_mfa:keystone_guard:' + hashlib.sha256(url.encode()).hexdigest()[:16]
    found = cache.get(key)
    if found is None:
        try:
            found = installed(url)
        except KeystoneUnavailable:
            return False
        cache.set(key, found, REMEMBER_SECONDS)
    return found
