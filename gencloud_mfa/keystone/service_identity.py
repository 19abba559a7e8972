"""Keystone calls made with the MFA service identity.

An unenrolled user holds only a receipt, never a token, so reading and
creating their TOTP credential needs an identity of our own: a dedicated
service user (GENCLOUD_MFA_SERVICE_USER), or the seed's application
credential (MFA_KS_APP_CRED_ID/SECRET) for Keystones before 2026.2, which
since then refuses application-credential tokens on /v3/credentials. One
keystoneauth session per process keeps its token until it nears expiry, so
logins do not fetch new tokens.
"""
from __future__ import annotations

import hashlib
import threading
from datetime import datetime, timezone
from urllib.parse import quote

from django.conf import settings
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from openstack_auth import utils

from gencloud_mfa import conf
from gencloud_mfa.keystone import KeystoneUnavailable, unavailable_on_error

_lock = threading.Lock()
_sessions: dict[tuple, ks_session.Session] = {}


def _auth(cfg: conf.MfaSettings):
    url = settings.OPENSTACK_KEYSTONE_URL
    if cfg.service_user:
        return v3.Password(auth_url=url, **cfg.service_user)
    if cfg.app_cred_id and cfg.app_cred_secret:
        return v3.ApplicationCredential(auth_url=url, application_credential_id=cfg.app_cred_id,
                                        application_credential_secret=cfg.app_cred_secret)
    raise KeystoneUnavailable('no MFA service identity configured')


def _session() -> ks_session.Session:
    cfg = conf.get()
    # A digest, so the password is not kept in yet another place in memory.
    identity = hashlib.sha256(repr((cfg.service_user, cfg.app_cred_id,
                                    cfg.app_cred_secret)).encode()).hexdigest()
    key = (settings.OPENSTACK_KEYSTONE_URL, identity)
    with _lock:
        if key not in _sessions:
            _sessions[key] = utils.get_session(auth=_auth(cfg), timeout=cfg.keystone_timeout)
        return _sessions[key]


def _url(path: str) -> str:
    return settings.OPENSTACK_KEYSTONE_URL.rstrip('/') + path


def _call(method: str, path: str, **kwargs):
    with unavailable_on_error(f'{method} {path}'):
        return _session().request(_url(path), method, **kwargs)


def credentials(**filters) -> list[dict]:
    """Credentials the service identity can see (TOTP: `blob` is the base32 secret)."""
    return _call('GET', '/credentials', params=filters).json().get('credentials', [])


def create_credential(user_id: str, cred_type: str, blob: str) -> None:
    """Save a credential; `created_at` (Keystone keeps no creation time) is shown to admins."""
    _call('POST', '/credentials', json={
        'credential': {'type': cred_type, 'user_id': user_id, 'blob': blob,
                       'created_at': datetime.now(timezone.utc).isoformat(timespec='seconds')}})


def user_record(user_id: str) -> dict:
    """The user's Keystone record, extra attributes included (role may read, never write)."""
    return _call('GET', '/users/' + quote(user_id, safe='')).json().get('user', {})


def status_of(method: str, path: str, **kwargs) -> int:
    """HTTP status Keystone answers the service identity (for keystone/probe.py)."""
    with unavailable_on_error(f'{method} {path}'):
        return _session().request(_url(path), method, raise_exc=False, **kwargs).status_code


def user_id() -> str:
    """The service identity's own Keystone user id."""
    with unavailable_on_error('token'):
        return _session().get_user_id()


def _change_credential(method: str, credential_id: str, **kwargs) -> bool:
    with unavailable_on_error(f'{method} /credentials'):
        try:
            _session().request(_url(f'/credentials/{credential_id}'), method, **kwargs)
        except ks_exc.NotFound:
            return False
    return True


def delete_credential(credential_id: str) -> bool:
    """Delete one credential; False if Keystone says it is already gone."""
    return _change_credential('DELETE', credential_id)


def update_credential(credential_id: str, blob: str) -> bool:
    """Rewrite one credential's blob (a recovery set minus a used code); False if it is gone."""
    return _change_credential('PATCH', credential_id, json={'credential': {'blob': blob}})

