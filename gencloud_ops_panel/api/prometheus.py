"""Prometheus HTTP API: pending/firing alerts and rule state."""
from __future__ import annotations

from gencloud_ops_panel.api import http
from gencloud_ops_panel.logic import alerts as logic


def list_alerts(url: str) -> list[logic.Alert]:
    endpoint = f'{url}/api/v1/alerts'
    return http.parsed(endpoint, logic.parse_prometheus_alerts, http.call('GET', endpoint))


def list_rules(url: str) -> list[logic.Rule]:
    endpoint = f'{url}/api/v1/rules'
    return http.parsed(endpoint, logic.parse_rules, http.call('GET', endpoint))


def alerts_history(url: str, start: float, end: float, step: float) -> logic.History:
    """One GET /api/v1/query_range of `ALERTS`: every alert's firing/pending series."""
    endpoint = f'{url}/api/v1/query_range'
    answer = http.call('GET', endpoint, params={'query': 'ALERTS', 'start': f'{start:.0f}',
                                                'end': f'{end:.0f}', 'step': f'{step:.0f}'})
    return http.parsed(endpoint, lambda body: logic.parse_history(body, start, end, step),
                       answer)
