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

import threading
from datetime import datetime, timezone

from django.conf import settings
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from openstack_auth import utils

from gencloud_mfa import conf

_lock = threading.Lock()
_sessions: dict[tuple, ks_session.Session] = {}


class ServiceUnavailable(Exception):
    """Keystone could not be reached or refused the service identity."""


def _auth(cfg: conf.MfaSettings):
    url = settings.OPENSTACK_KEYSTONE_URL
    if cfg.service_user:
        return v3.Password(auth_url=url, **cfg.service_user)
    if cfg.app_cred_id and cfg.app_cred_secret:
        return v3.ApplicationCredential(auth_url=url, application_credential_id=cfg.app_cred_id,
                                        application_credential_secret=cfg.app_cred_secret)
    raise ServiceUnavailable('no MFA service identity configured')


def _session() -> ks_session.Session:
    cfg = conf.get()
    key = (settings.OPENSTACK_KEYSTONE_URL, repr(cfg.service_user), cfg.app_cred_id)
    with _lock:
        if key not in _sessions:
            _sessions[key] = utils.get_session(auth=_auth(cfg), timeout=cfg.keystone_timeout)
        return _sessions[key]


def _url(path: str) -> str:
    return settings.OPENSTACK_KEYSTONE_URL.rstrip('/') + path


def _call(method: str, path: str, **kwargs) -> dict:
    try:
        return _session().request(_url(path), method, **kwargs).json()
    except ks_exc.ClientException as exc:
        raise ServiceUnavailable(f'{method} {path}: {type(exc).__name__}') from exc


def totp_credentials(user_id: str) -> list[dict]:
    """The user's TOTP credentials (`blob` is the base32 secret)."""
    body = _call('GET', '/credentials', params={'user_id': user_id, 'type': 'totp'})
    return body.get('credentials', [])


def create_totp_credential(user_id: str, secret: str) -> dict:
    """Save the secret; `created_at` (Keystone keeps no creation time) is shown to admins."""
    body = _call('POST', '/credentials', json={
        'credential': {'type': 'totp', 'user_id': user_id, 'blob': secret,
                       'created_at': datetime.now(timezone.utc).isoformat(timespec='seconds')}})
    return body['credential']
