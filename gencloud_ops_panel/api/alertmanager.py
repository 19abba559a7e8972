"""Alertmanager API v2: alerts, silences."""
from __future__ import annotations

import re
from functools import partial

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import http

SILENCE_ID = re.compile(r'[0-9A-Za-z-]{1,64}')


def urls() -> list[str]:
    return [u.rstrip('/') for u in http.setting('GENCLOUD_ALERTMANAGER_URLS', [])]


def list_alerts(request, url: str, *, timeout: float | None = None,
                params: dict | None = None) -> list[alerting.Alert]:
    """Active alerts, including silenced and inhibited ones unless PARAMS say otherwise."""
    endpoint = f'{url}/api/v2/alerts'
    return http.parsed(endpoint, partial(alerting.parse_alertmanager_alerts, source=url),
                       http.call('GET', endpoint, timeout=timeout, params=params))


def list_silences(request, url: str) -> list[alerting.Silence]:
    endpoint = f'{url}/api/v2/silences'
    return http.parsed(endpoint, alerting.parse_silences, http.call('GET', endpoint))


def create_silence(request, url: str, silence: dict) -> str:
    """POST the silence; return its id."""
    endpoint = f'{url}/api/v2/silences'
    answer = http.call('POST', endpoint, json=silence)
    return http.parsed(endpoint, lambda body: str(body['silenceID']), answer)


def expire_silence(request, url: str, silence_id: str) -> None:
    if not SILENCE_ID.fullmatch(silence_id):
        raise http.BackendError(url, f'not a silence id: {silence_id[:64]!r}')
    http.call('DELETE', f'{url}/api/v2/silence/{silence_id}')
