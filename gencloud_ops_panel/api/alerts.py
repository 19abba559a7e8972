"""Ask every configured Prometheus and Alertmanager at once; one failing source
never hides the others (its error is reported next to the data)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import alertmanager, base, prometheus, rest
from gencloud_ops_panel.logic import alerts as logic

LOG = logging.getLogger(__name__)

PROMETHEUS, ALERTMANAGER, NOVA, HISTORY = 'Prometheus', 'Alertmanager', 'Nova', 'history'
SOURCE_NAMES = {HISTORY: _('Prometheus alert history')}
HYPERVISORS_CACHE_KEY = 'gencloud_alerts_hypervisors'
HYPERVISORS_CACHE_SECONDS = 300   # hosts come and go rarely; one Nova call per 5 min


@dataclass
class Collected:
    alerts: list[logic.Alert] = field(default_factory=list)
    failures: list[base.Failure] = field(default_factory=list)
    hypervisors: dict[str, str] = field(default_factory=dict)
    history: logic.History | None = None


Calls = dict[tuple[str, str], Callable[[], Any]]


def _settle(fan: base.FanOut) -> tuple[dict, list[base.Failure]]:
    """Wait for every call; return results and failures (never raises)."""
    results, failures = {}, []
    for (source, url), outcome in fan.outcomes().items():
        if isinstance(outcome.error, base.BackendError):
            failures.append(base.Failure(outcome.error.reason, _name(source), url))
        elif outcome.error is not None:  # a bug must not turn the whole page into a 500
            LOG.error('reading %s %s failed', source, url, exc_info=outcome.error)
            failures.append(base.Failure(type(outcome.error).__name__, _name(source), url))
        else:
            results[source, url] = outcome.value
    return results, failures


def _name(source: str) -> str:
    return str(SOURCE_NAMES.get(source, source))


def _each(source: str, urls, read) -> Calls:
    return {(source, url): (lambda url=url: read(url)) for url in urls}


def hypervisors(request) -> dict[str, str]:
    """{hostname: Horizon's hypervisor id} of every host Nova knows, for label links.

    One GET /os-hypervisors per HYPERVISORS_CACHE_SECONDS (Django's cache, shared by
    the Horizon processes), never per row; when Nova fails hosts are simply not
    linked (logged, and cached as "none" so a dead Nova is not asked on every page).
    """
    known = cache.get(HYPERVISORS_CACHE_KEY)
    if known is None:
        try:
            known = logic.hypervisor_keys(
                rest.call(request, 'compute', 'GET', '/os-hypervisors').get('hypervisors', []))
        except (base.BackendError, KeyError, TypeError, AttributeError) as exc:
            LOG.warning('no hypervisor list for alert links: %s', exc)
            known = {}
        cache.set(HYPERVISORS_CACHE_KEY, known, HYPERVISORS_CACHE_SECONDS)
    return known


def start_collecting_alerts(request=None) -> Callable[[], Collected]:
    """Ask every source now; the returned function waits for the answers and returns
    the merged, sorted alerts plus what failed, so a view can render the rest of its
    page while the backends work. With REQUEST (the Alerts tab) also the last 24 h
    of `ALERTS` from each Prometheus (one query_range each) and Nova's host list."""
    settings = conf.get()
    calls = {**_each(PROMETHEUS, settings.prometheus_urls, prometheus.list_alerts),
             **_each(ALERTMANAGER, settings.alertmanager_urls, alertmanager.list_alerts)}
    if request is not None:
        start, end = logic.history_window(datetime.now(timezone.utc))
        calls.update(_each(HISTORY, settings.prometheus_urls, lambda url: prometheus.alerts_history(
            url, start, end, logic.HISTORY_STEP)))
        calls[NOVA, ''] = lambda: hypervisors(request)
    fan = base.FanOut(calls)
    return lambda: _merged(*_settle(fan), settings.severity_order)


def _merged(results: dict, failures: list[base.Failure], order) -> Collected:
    known_hosts = results.pop((NOVA, ''), {})
    history = logic.merge_histories([results.pop(key) for key in list(results)
                                     if key[0] == HISTORY])
    from_prometheus = [a for (src, _), found in results.items() if src == PROMETHEUS
                       for a in found]
    from_alertmanager = [a for (src, _), found in results.items() if src == ALERTMANAGER
                         for a in found]
    alertmanager_ok = any(src == ALERTMANAGER for src, _ in results)
    merged = logic.merge(from_prometheus, from_alertmanager, alertmanager_ok)
    return Collected(logic.sort_alerts(merged, order), failures, known_hosts, history)


def collect_silences() -> tuple[list[logic.Silence], list[base.Failure]]:
    results, failures = _settle(base.FanOut(
        _each(ALERTMANAGER, conf.get().alertmanager_urls, alertmanager.list_silences)))
    return logic.merge_silences(results.values()), failures


def collect_rules() -> tuple[list[logic.Rule], list[base.Failure]]:
    results, failures = _settle(base.FanOut(
        _each(PROMETHEUS, conf.get().prometheus_urls, prometheus.list_rules)))
    return logic.merge_rules(results.values()), failures


def top_severity_count() -> dict:
    """{'count': n, 'severity': s, 'failed': [urls]}: firing alerts of the most severe
    level, from every Alertmanager, each given only the badge's short timeout."""
    settings = conf.get()
    top = settings.severity_order[0] if settings.severity_order else 'critical'
    params = {'active': 'true', 'silenced': 'false', 'inhibited': 'false',
              'filter': f'severity="{top}"'}
    results, failures = _settle(base.FanOut(_each(
        ALERTMANAGER, settings.alertmanager_urls,
        lambda url: alertmanager.list_alerts(url, timeout=settings.badge_timeout,
                                             params=params))))
    found = [a for alerts in results.values() for a in alerts]
    return {'count': logic.count_top_severity_firing(found, [top]), 'severity': top,
            'failed': [f.url for f in failures]}
