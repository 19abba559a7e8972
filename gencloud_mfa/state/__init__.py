"""What every Horizon worker and node shares: the cache (throttle, mutex, pending logins,
audit) and the server-side session (pending login, Settings stash).

Imports conf and logic only: no Keystone call and no HTTP response is made here.
"""
from __future__ import annotations


def client_ip(request) -> str | None:
    """The client address the throttle counts and the audit records (openstack_auth's rule)."""
    # Imported here: openstack_auth.utils loads Django's auth models, and the throttle also
    # runs without Horizon's apps (bench/mfa_bruteforce.py).
    from openstack_auth import utils as auth_utils
    return auth_utils.get_client_ip(request)
