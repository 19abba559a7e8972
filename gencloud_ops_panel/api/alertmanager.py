"""Alertmanager API v2: alerts, silences."""
from __future__ import annotations

import re

from gencloud_ops_panel.api import http
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.logic import alerts as logic

SILENCE_ID = re.compile(r'[0-9A-Za-z-]{1,64}')


def list_alerts(url: str, *, timeout: float | None = None,
                params: dict | None = None) -> list[logic.Alert]:
    """Active alerts, including silenced and inhibited ones unless PARAMS say otherwise."""
    endpoint = f'{url}/api/v2/alerts'
    return http.parsed(endpoint, logic.parse_alertmanager_alerts,
                       http.call('GET', endpoint, timeout=timeout, params=params))


def list_silences(url: str) -> list[logic.Silence]:
    endpoint = f'{url}/api/v2/silences'
    return http.parsed(endpoint, logic.parse_silences, http.call('GET', endpoint))


def create_silence(url: str, silence: dict) -> str:
    """POST the silence; return its id."""
    endpoint = f'{url}/api/v2/silences'
    answer = http.call('POST', endpoint, json=silence)
    return http.parsed(endpoint, lambda body: str(body['silenceID']), answer)


def expire_silence(url: str, silence_id: str) -> None:
    if not SILENCE_ID.fullmatch(silence_id):
        raise BackendError(f'not a silence id: {silence_id[:64]!r}', url=url)
    http.call('DELETE', f'{url}/api/v2/silence/{silence_id}')
