"""Prometheus HTTP API: pending/firing alerts and rule state."""
from __future__ import annotations

from functools import partial

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import http


def urls() -> list[str]:
    return [u.rstrip('/') for u in http.setting('GENCLOUD_PROMETHEUS_URLS', [])]


def list_alerts(request, url: str, timeout: float | None = None) -> list[alerting.Alert]:
    endpoint = f'{url}/api/v1/alerts'
    return http.parsed(endpoint, partial(alerting.parse_prometheus_alerts, source=url),
                       http.call('GET', endpoint, timeout=timeout))


def list_rules(request, url: str) -> list[alerting.Rule]:
    endpoint = f'{url}/api/v1/rules'
    return http.parsed(endpoint, alerting.parse_rules, http.call('GET', endpoint))
