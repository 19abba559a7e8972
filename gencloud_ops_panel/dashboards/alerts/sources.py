"""Ask every configured Prometheus and Alertmanager at once; one failing source
never hides the others (its error is reported next to the data)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


def fan_out(calls: dict[tuple[str, str], Callable[[], Any]]) -> tuple[dict, list[Failure]]:
    """Run CALLS ({(source, url): fn}) in parallel; return results and failures."""
    results, failures = {}, []
    if not calls:
        return results, failures
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = {key: pool.submit(fn) for key, fn in calls.items()}
    for (source, url), future in futures.items():
        try:
            results[source, url] = future.result()
        except http.BackendError as exc:
            failures.append(Failure(source, url, exc.reason))
        except Exception as exc:  # a bug must not turn the whole page into a 500
            LOG.exception('reading %s %s failed', source, url)
            failures.append(Failure(source, url, type(exc).__name__))
    return results, failures


def severity_order() -> list[str]:
    return list(http.setting('GENCLOUD_ALERTS_SEVERITY_ORDER', ['critical', 'warning', 'info']))


def collect_alerts(request) -> Collected:
    """Merged, sorted alerts of every source plus what failed."""
    calls = {('Prometheus', url): (lambda url=url: prometheus.list_alerts(request, url))
             for url in prometheus.urls()}
    calls.update({('Alertmanager', url): (lambda url=url: alertmanager.list_alerts(request, url))
                  for url in alertmanager.urls()})
    results, failures = fan_out(calls)
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
