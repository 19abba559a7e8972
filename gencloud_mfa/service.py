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

import contextlib
import enum
import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from urllib.parse import quote

from django.conf import settings
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from openstack_auth import utils

from gencloud_mfa import conf, throttle, window

LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_sessions: dict[tuple, ks_session.Session] = {}


class ServiceUnavailable(Exception):
    """Keystone could not be reached or refused the service identity."""


class Busy(ServiceUnavailable):
    """Another request holds the per-user lock for too long."""


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
    try:
        return _session().request(_url(path), method, **kwargs)
    except ks_exc.ClientException as exc:
        raise ServiceUnavailable(f'{method} {path}: {type(exc).__name__}') from exc


def credentials(**filters) -> list[dict]:
    """Credentials the service identity can see (TOTP: `blob` is the base32 secret)."""
    return _call('GET', '/credentials', params=filters).json().get('credentials', [])


def totp_credentials(user_id: str) -> list[dict]:
    """The user's TOTP credentials."""
    return credentials(user_id=user_id, type='totp')


def create_totp_credential(user_id: str, secret: str) -> dict:
    """Save the secret; `created_at` (Keystone keeps no creation time) is shown to admins."""
    body = _call('POST', '/credentials', json={
        'credential': {'type': 'totp', 'user_id': user_id, 'blob': secret,
                       'created_at': datetime.now(timezone.utc).isoformat(timespec='seconds')}}).json()
    return body['credential']


@contextlib.contextmanager
def credential_lock(user_id: str, wait: float = 10) -> Iterator[None]:
    """The cross-worker lock (memcached add) every change of USER_ID's MFA credentials
    runs under, enrollment and recovery alike; raises Busy after WAIT seconds."""
    name = f'enroll:{user_id}'
    deadline = time.monotonic() + wait
    while not throttle.lock(name):
        if time.monotonic() > deadline:
            raise Busy(name)
        time.sleep(0.1)
    try:
        yield
    finally:
        throttle.unlock(name)


class Saved(enum.Enum):
    """What create_totp_once did."""
    CREATED = 'created'
    ALREADY = 'already'  # this very secret was saved before (a double submit)
    OTHER = 'other'  # another authenticator is registered: nothing saved


def create_totp_once(user_id: str, secret: str) -> Saved:
    """Create the user's one TOTP credential, SECRET, unless they have one.

    The per-user lock plus a fresh look at Keystone make double submits and
    parallel tabs end with exactly one credential.
    """
    with credential_lock(user_id):
        existing = totp_credentials(user_id)
        if existing:
            return (Saved.ALREADY if any(cred.get('blob') == secret for cred in existing)
                    else Saved.OTHER)
        create_totp_credential(user_id, secret)
    LOG.info('TOTP credential created for user %s', user_id)
    return Saved.CREATED


def user_record(user_id: str) -> dict:
    """The user's Keystone record, extra attributes included (role may read, never write)."""
    return _call('GET', '/users/' + quote(user_id, safe='')).json().get('user', {})


def enrollment_allowed(user_id: str) -> bool:
    """Self-enrollment check at login (window.py); reads Keystone only when the window is on."""
    hours = conf.get().enroll_window_hours
    if hours is None:
        return True
    return window.is_open(user_record(user_id).get(window.ATTRIBUTE), hours, window.utcnow())


def status_of(method: str, path: str, **kwargs) -> int:
    """HTTP status Keystone answers the service identity (for `service_audit` probes)."""
    try:
        return _session().request(_url(path), method, raise_exc=False, **kwargs).status_code
    except ks_exc.ClientException as exc:
        raise ServiceUnavailable(f'{method} {path}: {type(exc).__name__}') from exc


def user_id() -> str:
    """The service identity's own Keystone user id."""
    try:
        return _session().get_user_id()
    except ks_exc.ClientException as exc:
        raise ServiceUnavailable(f'token: {type(exc).__name__}') from exc


def _change_credential(method: str, credential_id: str, **kwargs) -> bool:
    try:
        _session().request(_url(f'/credentials/{credential_id}'), method, **kwargs)
    except ks_exc.NotFound:
        return False
    except ks_exc.ClientException as exc:
        raise ServiceUnavailable(f'{method} /credentials: {type(exc).__name__}') from exc
    return True


def delete_credential(credential_id: str) -> bool:
    """Delete one credential; False if Keystone says it is already gone."""
    return _change_credential('DELETE', credential_id)


def update_credential(credential_id: str, blob: str) -> bool:
    """Rewrite one credential's blob (a recovery set minus a used code); False if it is gone."""
    return _change_credential('PATCH', credential_id, json={'credential': {'blob': blob}})
