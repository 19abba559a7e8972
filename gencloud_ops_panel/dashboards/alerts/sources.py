"""Ask every configured Prometheus and Alertmanager at once; one failing source
never hides the others (its error is reported next to the data)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import alertmanager, http, prometheus

LOG = logging.getLogger(__name__)


@dataclass
class Failure:
    source: str
    url: str
    reason: str


@dataclass
class Collected:
    alerts: list[alerting.Alert] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


# Shared by every request of this process: its threads keep their keep-alive
# sessions (http._session); tasks never wait on other tasks, so a busy pool only queues.
_POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix='gencloud-ops')

Calls = dict[tuple[str, str], Callable[[], Any]]
Pending = dict[tuple[str, str], Future]


def send(calls: Calls) -> Pending:
    """Start CALLS ({(source, url): fn}) in the background; `settle` collects them."""
    return {key: _POOL.submit(fn) for key, fn in calls.items()}


def settle(pending: Pending) -> tuple[dict, list[Failure]]:
    """Wait for every call; return results and failures (never raises)."""
    results, failures = {}, []
    for (source, url), future in pending.items():
        try:
            results[source, url] = future.result()
        except http.BackendError as exc:
            failures.append(Failure(source, url, exc.reason))
        except Exception as exc:  # a bug must not turn the whole page into a 500
            LOG.exception('reading %s %s failed', source, url)
            failures.append(Failure(source, url, type(exc).__name__))
    return results, failures


def fan_out(calls: Calls) -> tuple[dict, list[Failure]]:
    """Run CALLS in parallel and wait for all of them."""
    return settle(send(calls))


def severity_order() -> list[str]:
    return list(http.setting('GENCLOUD_ALERTS_SEVERITY_ORDER', ['critical', 'warning', 'info']))


def start_collecting_alerts(request) -> Callable[[], Collected]:
    """Ask every source now; the returned function waits for the answers and returns
    the merged, sorted alerts plus what failed, so a view can render the rest of
    its page while the backends work."""
    calls = {('Prometheus', url): (lambda url=url: prometheus.list_alerts(request, url))
             for url in prometheus.urls()}
    calls.update({('Alertmanager', url): (lambda url=url: alertmanager.list_alerts(request, url))
                  for url in alertmanager.urls()})
    pending = send(calls)
    return lambda: _merged(*settle(pending))


def _merged(results: dict, failures: list[Failure]) -> Collected:
    from_prometheus = [a for (src, _), alerts in results.items() if src == 'Prometheus'
                       for a in alerts]
    from_alertmanager = [a for (src, _), alerts in results.items() if src == 'Alertmanager'
                         for a in alerts]
    alertmanager_ok = any(src == 'Alertmanager' for src, _ in results)
    merged = alerting.merge(from_prometheus, from_alertmanager, alertmanager_ok)
    return Collected(alerting.sort_alerts(merged, severity_order()), failures)


def collect_silences(request) -> tuple[list[alerting.Silence], list[Failure]]:
    results, failures = fan_out({
        ('Alertmanager', url): (lambda url=url: alertmanager.list_silences(request, url))
        for url in alertmanager.urls()})
    return alerting.merge_silences(results.values()), failures


def collect_rules(request) -> tuple[list[alerting.Rule], list[Failure]]:
    results, failures = fan_out({
        ('Prometheus', url): (lambda url=url: prometheus.list_rules(request, url))
        for url in prometheus.urls()})
    return alerting.merge_rules(results.values()), failures
