"""HTTP to Prometheus and Alertmanager: one place for timeouts, auth and TLS.

Settings (defaults in local_settings.d/_6000_gencloud.py):
GENCLOUD_ALERTS_TIMEOUT, GENCLOUD_ALERTS_BASIC_AUTH, GENCLOUD_ALERTS_BEARER_TOKEN,
GENCLOUD_ALERTS_CA_BUNDLE. Errors become BackendError with a message fit for
the page; credentials never appear in it or in logs.
"""
from __future__ import annotations

import threading
from typing import Any

import requests
from django.conf import settings

_local = threading.local()


class BackendError(Exception):
    """A backend did not answer usefully; str() is safe to show to admins."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f'{url}: {reason}')
        self.url = url
        self.reason = reason


def setting(name: str, default: Any = None) -> Any:
    return getattr(settings, name, default)


def _session() -> requests.Session:
    """One keep-alive session per thread (requests sessions are not thread-safe)."""
    session = getattr(_local, 'session', None)
    if session is None:
        session = _local.session = requests.Session()
        session.trust_env = False
    return session


def _auth_options() -> dict:
    options: dict[str, Any] = {'headers': {'Accept': 'application/json'}}
    basic = setting('GENCLOUD_ALERTS_BASIC_AUTH')
    token = setting('GENCLOUD_ALERTS_BEARER_TOKEN')
    if basic:
        options['auth'] = tuple(basic)
    elif token:
        options['headers']['Authorization'] = f'Bearer {token}'
    ca_bundle = setting('GENCLOUD_ALERTS_CA_BUNDLE')
    if ca_bundle is not None:
        options['verify'] = ca_bundle
    return options


def call(method: str, url: str, *, timeout: float | None = None, params=None,
         json=None) -> Any:
    """Send one request; return the decoded JSON body (None for an empty body)."""
    timeout = timeout or float(setting('GENCLOUD_ALERTS_TIMEOUT', 5))
    try:
        answer = _session().request(method, url, params=params, json=json, timeout=timeout,
                                    **_auth_options())
    except requests.Timeout:
        raise BackendError(url, f'no answer within {timeout:g} s') from None
    except requests.RequestException as exc:
        raise BackendError(url, f'cannot connect ({type(exc).__name__})') from None
    if answer.status_code >= 400:
        raise BackendError(url, f'HTTP {answer.status_code}: {answer.text.strip()[:300]}')
    if not answer.content:
        return None
    try:
        return answer.json()
    except ValueError:
        raise BackendError(url, 'answered something that is not JSON') from None


def parsed(url: str, parser, payload):
    """Run a pure parser on PAYLOAD; an unexpected shape becomes a BackendError."""
    try:
        return parser(payload)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackendError(url, f'unexpected answer ({type(exc).__name__}: {exc})') from None
