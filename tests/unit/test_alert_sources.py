"""Failure isolation: one source down, slow or answering garbage never hides the others.

Faults a real Prometheus/Alertmanager cannot produce on demand come from tiny
loopback HTTP servers (devstack.loopback); settings are Django settings.
"""
from __future__ import annotations

import json
import threading
import time

import pytest

from devstack.loopback import serve
from gencloud_ops_panel.api import alerts as sources
from gencloud_ops_panel.logic import alerts as alerting

PROMETHEUS_ANSWER = {'status': 'success', 'data': {'alerts': [
    {'labels': {'alertname': 'Pending1', 'severity': 'warning'}, 'annotations': {},
     'state': 'pending', 'activeAt': '2026-11-24T10:00:00Z'},
    {'labels': {'alertname': 'Firing1', 'severity': 'critical'}, 'annotations': {},
     'state': 'firing', 'activeAt': '2026-11-24T10:00:00Z'}]}}
AM_ALERT = {'fingerprint': 'f1', 'labels': {'alertname': 'Firing1', 'severity': 'critical'},
            'annotations': {'summary': '요약'}, 'startsAt': '2026-11-24T10:00:00Z',
            'status': {'state': 'active', 'silencedBy': [], 'inhibitedBy': []}}


@pytest.fixture(scope='module')
def backends():
    servers = {
        'prometheus': serve(json.dumps(PROMETHEUS_ANSWER).encode()),
        'alertmanager': serve(json.dumps([AM_ALERT]).encode()),
        'garbage': serve(b'<html>proxy error</html>'),
        'wrong_shape': serve(b'{"unexpected": true}'),
        'http_500': serve(b'internal trouble', status=500),
        'slow': serve(b'[]', delay=3),
    }
    yield {name: server.url for name, server in servers.items()}
    for server in servers.values():
        server.close()


@pytest.fixture
def configure(settings):
    def apply(**values):
        values.setdefault('GENCLOUD_ALERTS_TIMEOUT', 0.5)
        for name, value in values.items():
            setattr(settings, name, value)
    return apply


def names(collected):
    return sorted((a.name, a.state) for a in collected.alerts)


def test_all_sources_answer(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['prometheus']],
              GENCLOUD_ALERTMANAGER_URLS=[backends['alertmanager']])
    collected = sources.start_collecting_alerts()()
    assert names(collected) == [('Firing1', 'firing'), ('Pending1', 'pending')]
    assert collected.failures == []


@pytest.mark.parametrize('bad,reason', [
    ('garbage', 'not JSON'), ('wrong_shape', 'unexpected answer'), ('http_500', 'HTTP 500'),
    ('slow', 'no answer within 0.5 s'), ('dead', 'cannot connect')])
def test_bad_alertmanager_leaves_prometheus_data(backends, configure, bad, reason):
    url = backends.get(bad, 'http://127.0.0.1:9')
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['prometheus']], GENCLOUD_ALERTMANAGER_URLS=[url])
    started = time.monotonic()
    collected = sources.start_collecting_alerts()()
    assert time.monotonic() - started < 2
    # Without an Alertmanager, Prometheus' firing alerts are shown too.
    assert names(collected) == [('Firing1', 'firing'), ('Pending1', 'pending')]
    [failure] = collected.failures
    assert (failure.source, failure.url) == ('Alertmanager', url)
    assert reason in failure.reason


def test_bad_prometheus_leaves_alertmanager_data(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['garbage']],
              GENCLOUD_ALERTMANAGER_URLS=[backends['alertmanager'], backends['slow']])
    collected = sources.start_collecting_alerts()()
    assert names(collected) == [('Firing1', 'firing')]
    assert sorted(f.source for f in collected.failures) == ['Alertmanager', 'Prometheus']


def test_credentials_are_sent_but_never_in_errors(backends, configure):
    configure(GENCLOUD_ALERTMANAGER_URLS=[backends['http_500']],
              GENCLOUD_ALERTS_BEARER_TOKEN='s3cret-token')
    _, failures = sources.collect_silences()
    assert 's3cret' not in failures[0].reason


def test_rules_failure_is_reported(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['wrong_shape']])
    rules, failures = sources.collect_rules()
    assert rules == [] and 'unexpected answer' in failures[0].reason


def test_nothing_configured(configure):
    configure()
    assert sources.start_collecting_alerts()() == sources.Collected()
    assert isinstance(alerting.merge([], []), list)


def test_sources_are_asked_at_once_and_awaited_later(configure):
    """The page sends its requests first and waits only when it needs the answers."""
    asked, release = threading.Event(), threading.Event()
    server = serve(json.dumps([AM_ALERT]).encode(),
                   on_request=lambda: (asked.set(), release.wait(5)))
    url = server.url
    try:
        configure(GENCLOUD_ALERTMANAGER_URLS=[url], GENCLOUD_ALERTS_TIMEOUT=5)
        wait = sources.start_collecting_alerts()
        assert asked.wait(5), 'the request was not sent before anyone waited'
        release.set()
        assert names(wait()) == [('Firing1', 'firing')]
    finally:
        server.close()


class NoNovaRequest:
    """The Alerts tab's request, from a session whose catalog has no compute service."""
    class user:
        token = None
        service_catalog = []
        services_region = None


def test_history_failure_is_named_and_hides_nothing(backends, configure):
    """The history comes from the same Prometheus as the pending alerts, but its own
    query_range may fail alone (here: an answer without `result`)."""
    from django.core.cache import cache
    cache.delete(sources.HYPERVISORS_CACHE_KEY)
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['prometheus']],
              GENCLOUD_ALERTMANAGER_URLS=[backends['alertmanager']])
    collected = sources.start_collecting_alerts(NoNovaRequest())()
    assert names(collected) == [('Firing1', 'firing'), ('Pending1', 'pending')]
    [failure] = collected.failures
    assert failure.source == 'Prometheus alert history' and 'unexpected answer' in failure.reason
    assert collected.history is None
    # No Nova in the catalog: hosts are simply not linked, and that is cached.
    assert collected.hypervisors == {} and cache.get(sources.HYPERVISORS_CACHE_KEY) == {}
