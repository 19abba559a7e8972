"""HTTP to Prometheus and Alertmanager: one place for timeouts, auth and TLS.

Settings (conf.py): GENCLOUD_ALERTS_TIMEOUT, GENCLOUD_ALERTS_BASIC_AUTH,
GENCLOUD_ALERTS_BEARER_TOKEN, GENCLOUD_ALERTS_CA_BUNDLE. Errors become
BackendError with a message fit for the page; credentials never appear in it
or in logs.
"""
from __future__ import annotations

import threading
from typing import Any

import requests

from gencloud_ops_panel import conf
from gencloud_ops_panel.api.base import BackendError

_local = threading.local()


def _session() -> requests.Session:
    """One keep-alive session per thread (requests sessions are not thread-safe)."""
    session = getattr(_local, 'session', None)
    if session is None:
        session = _local.session = requests.Session()
        session.trust_env = False
    return session


def _auth_options(settings: conf.OpsSettings) -> dict:
    options: dict[str, Any] = {'headers': {'Accept': 'application/json'}}
    if settings.alerts_basic_auth:
        options['auth'] = settings.alerts_basic_auth
    elif settings.alerts_bearer_token:
        options['headers']['Authorization'] = f'Bearer {settings.alerts_bearer_token}'
    if settings.alerts_ca_bundle is not None:
        options['verify'] = settings.alerts_ca_bundle
    return options


def call(method: str, url: str, *, timeout: float | None = None, params=None,
         json=None) -> Any:
    """Send one request; return the decoded JSON body (None for an empty body)."""
    settings = conf.get()
    timeout = timeout or settings.alerts_timeout
    try:
        answer = _session().request(method, url, params=params, json=json, timeout=timeout,
                                    **_auth_options(settings))
    except requests.Timeout:
        raise BackendError(f'no answer within {timeout:g} s', url=url) from None
    except requests.RequestException as exc:
        raise BackendError(f'cannot connect ({type(exc).__name__})', url=url) from None
    if answer.status_code >= 400:
        raise BackendError(f'HTTP {answer.status_code}: {answer.text.strip()[:300]}', url=url)
    if not answer.content:
        return None
    try:
        return answer.json()
    except ValueError:
        raise BackendError('answered something that is not JSON', url=url) from None


def parsed(url: str, parser, payload):
    """Run a pure parser on PAYLOAD; an unexpected shape becomes a BackendError."""
    try:
        return parser(payload)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackendError(f'unexpected answer ({type(exc).__name__}: {exc})', url=url) from None
