"""Prometheus HTTP API: pending/firing alerts, rule state, instant queries."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from gencloud_ops_panel.api import http
from gencloud_ops_panel.api.base import BackendError, fan_out
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


def instant_query(urls: Sequence[str], query: str, parser: Callable[[Any], Any]) -> Any:
    """GET /api/v1/query of QUERY, parsed, from the first of URLS that answers
    (replicas of one Prometheus pair hold the same series)."""
    error = BackendError('no Prometheus configured')
    for url in urls:
        endpoint = f'{url}/api/v1/query'
        try:
            return http.parsed(endpoint, parser,
                               http.call('GET', endpoint, params={'query': query}))
        except BackendError as exc:
            error = exc
    raise error


def instant_queries(urls: Sequence[str], queries: Mapping[str, str],
                    parser: Callable[[Any], Any]) -> dict[str, Any]:
    """{key: parsed answer} for each of QUERIES, asked at once; raises the first BackendError."""
    outcomes = fan_out({key: partial(instant_query, urls, query, parser)
                        for key, query in queries.items()})
    return {key: outcome.get() for key, outcome in outcomes.items()}
