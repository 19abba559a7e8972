"""Alertmanager helpers shared by the Alerts integration and browser tests."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import requests


def wait_for(check, timeout: float = 30, what: str = 'condition'):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f'timed out waiting for {what}')
        time.sleep(0.5)


def inject(stack, name: str, severity: str, **labels) -> dict:
    """POST /api/v2/alerts, as Prometheus would."""
    labels = {'alertname': name, 'severity': severity, **labels}
    answer = requests.post(stack['alertmanager_url'] + '/api/v2/alerts', timeout=5, json=[{
        'labels': labels,
        'annotations': {'summary': f'{name} 요약: 서비스 점검 필요', 'description': '한국어 설명'},
        'startsAt': datetime.now(timezone.utc).isoformat()}])
    answer.raise_for_status()
    return labels


def am_alerts(stack, **params) -> list[dict]:
    return requests.get(stack['alertmanager_url'] + '/api/v2/alerts', params=params,
                        timeout=5).json()
