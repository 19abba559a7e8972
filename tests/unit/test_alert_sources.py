"""Failure isolation: one source down, slow or answering garbage never hides the others.

Faults a real Prometheus/Alertmanager cannot produce on demand come from tiny
loopback HTTP servers; settings are read through a patched `http.setting`.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import http
from gencloud_ops_panel.dashboards.alerts import sources

PROMETHEUS_ANSWER = {'status': 'success', 'data': {'alerts': [
    {'labels': {'alertname': 'Pending1', 'severity': 'warning'}, 'annotations': {},
     'state': 'pending', 'activeAt': '2026-11-24T10:00:00Z'},
    {'labels': {'alertname': 'Firing1', 'severity': 'critical'}, 'annotations': {},
     'state': 'firing', 'activeAt': '2026-11-24T10:00:00Z'}]}}
AM_ALERT = {'fingerprint': 'f1', 'labels': {'alertname': 'Firing1', 'severity': 'critical'},
            'annotations': {'summary': '요약'}, 'startsAt': '2026-11-24T10:00:00Z',
            'status': {'state': 'active', 'silencedBy': [], 'inhibitedBy': []}}


def serve(body: bytes, status: int = 200, delay: float = 0.0,
          on_request=lambda: None) -> tuple[str, ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            on_request()
            time.sleep(delay)
            self.send_response(status)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f'http://127.0.0.1:{server.server_address[1]}', server


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
    yield {name: url for name, (url, _) in servers.items()}
    for _, server in servers.values():
        server.shutdown()


@pytest.fixture
def configure(monkeypatch):
    def apply(**values):
        values.setdefault('GENCLOUD_ALERTS_TIMEOUT', 0.5)
        monkeypatch.setattr(http, 'setting', lambda name, default=None: values.get(name, default))
    return apply


def names(collected):
    return sorted((a.name, a.state) for a in collected.alerts)


def test_all_sources_answer(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['prometheus']],
              GENCLOUD_ALERTMANAGER_URLS=[backends['alertmanager']])
    collected = sources.start_collecting_alerts(None)()
    assert names(collected) == [('Firing1', 'firing'), ('Pending1', 'pending')]
    assert collected.failures == []


@pytest.mark.parametrize('bad,reason', [
    ('garbage', 'not JSON'), ('wrong_shape', 'unexpected answer'), ('http_500', 'HTTP 500'),
    ('slow', 'no answer within 0.5 s'), ('dead', 'cannot connect')])
def test_bad_alertmanager_leaves_prometheus_data(backends, configure, bad, reason):
    url = backends.get(bad, 'http://127.0.0.1:9')
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['prometheus']], GENCLOUD_ALERTMANAGER_URLS=[url])
    started = time.monotonic()
    collected = sources.start_collecting_alerts(None)()
    assert time.monotonic() - started < 2
    # Without an Alertmanager, Prometheus' firing alerts are shown too.
    assert names(collected) == [('Firing1', 'firing'), ('Pending1', 'pending')]
    [failure] = collected.failures
    assert (failure.source, failure.url) == ('Alertmanager', url)
    assert reason in failure.reason


def test_bad_prometheus_leaves_alertmanager_data(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['garbage']],
              GENCLOUD_ALERTMANAGER_URLS=[backends['alertmanager'], backends['slow']])
    collected = sources.start_collecting_alerts(None)()
    assert names(collected) == [('Firing1', 'firing')]
    assert sorted(f.source for f in collected.failures) == ['Alertmanager', 'Prometheus']


def test_credentials_are_sent_but_never_in_errors(backends, configure):
    configure(GENCLOUD_ALERTMANAGER_URLS=[backends['http_500']],
              GENCLOUD_ALERTS_BEARER_TOKEN='s3cret-token')
    _, failures = sources.collect_silences(None)
    assert 's3cret' not in failures[0].reason


def test_rules_failure_is_reported(backends, configure):
    configure(GENCLOUD_PROMETHEUS_URLS=[backends['wrong_shape']])
    rules, failures = sources.collect_rules(None)
    assert rules == [] and 'unexpected answer' in failures[0].reason


def test_nothing_configured(configure):
    configure()
    assert sources.start_collecting_alerts(None)() == sources.Collected()
    assert isinstance(alerting.merge([], []), list)


def test_sources_are_asked_at_once_and_awaited_later(configure):
    """The page sends its requests first and waits only when it needs the answers."""
    asked, release = threading.Event(), threading.Event()
    url, server = serve(json.dumps([AM_ALERT]).encode(),
                        on_request=lambda: (asked.set(), release.wait(5)))
    try:
        configure(GENCLOUD_ALERTMANAGER_URLS=[url], GENCLOUD_ALERTS_TIMEOUT=5)
        wait = sources.start_collecting_alerts(None)
        assert asked.wait(5), 'the request was not sent before anyone waited'
        release.set()
        assert names(wait()) == [('Firing1', 'firing')]
    finally:
        server.shutdown()
