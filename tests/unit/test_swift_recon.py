"""Which storage servers recon asks, and how one dead server is contained."""
from __future__ import annotations

import socket
import time

import pytest

from devstack.loopback import FakeServer, SilentServer
from gencloud_ops_panel.api import swift_recon
from gencloud_ops_panel.api.swift_recon import Endpoint
from gencloud_ops_panel.logic import ring_summary as rs


def _ring(name, *ports):
    return rs.RingSummary(name, source='builder', devices=[
        rs.Device(i, 1, 1, '10.0.0.1', port, '10.0.0.1', port, 'sdb1', 1, 1)
        for i, port in enumerate(ports)])


def test_endpoints_come_from_every_ring_once():
    rings = [_ring('account', 6202), _ring('object', 6200, 6200), _ring('object-1', 6200, 6300)]
    assert swift_recon.endpoints(rings, ['10.0.0.5:6200', '10.0.0.1:6202']) == [
        Endpoint('10.0.0.1:6202', 'account'), Endpoint('10.0.0.1:6200', 'object'),
        Endpoint('10.0.0.1:6300', 'object'), Endpoint('10.0.0.5:6200', 'object')]


def test_recon_urls_are_those_of_swift_recon_all():
    urls = swift_recon.recon_urls(Endpoint('fd00::1:6201', 'container'))
    assert urls == {name: f'http://[fd00::1]:6201/recon/{path}' for name, path in [
        ('ringmd5', 'ringmd5'), ('swiftconfmd5', 'swiftconfmd5'), ('diskusage', 'diskusage'),
        ('unmounted', 'unmounted'), ('quarantined', 'quarantined'), ('time', 'time'),
        ('version', 'version'), ('load', 'load'), ('sockstat', 'sockstat'),
        ('driveaudit', 'driveaudit'),
        ('replication', 'replication/container'), ('auditor', 'auditor/container'),
        ('updater', 'updater/container')]}
    account = swift_recon.recon_urls(Endpoint('10.0.0.1:6202', 'account'))
    assert 'updater' not in account and account['auditor'].endswith('/auditor/account')
    obj = swift_recon.recon_urls(Endpoint('10.0.0.1:6200', 'object'))
    assert [obj[name].rsplit('/recon/', 1)[1] for name in ('expirer', 'async', 'updater')] == [
        'expirer/object', 'async', 'updater/object']


def _recon_answer(path: str) -> tuple[int, bytes]:
    body = b'{"x": 1}' if 'ringmd5' in path else b'not json'
    return (200 if 'unmounted' not in path else 500), body


@pytest.fixture
def recon_server():
    server = FakeServer(_recon_answer)
    yield server.address
    server.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def test_bad_answers_are_reported_per_check(recon_server):
    [report] = swift_recon.query_all([Endpoint(recon_server, 'object')], timeout=2, workers=4)
    assert report.reachable and report.answers == {'ringmd5': {'x': 1}}
    assert sorted(report.failed) == sorted(set(swift_recon.recon_urls(
        Endpoint(recon_server, 'object'))) - {'ringmd5'})
    sent, received = report.windows['ringmd5']      # the window `time` is checked against
    assert sent <= received and list(report.windows) == ['ringmd5']


def test_a_dead_server_gets_one_request_not_one_per_check(recon_server, silent_server):
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        refused = f'127.0.0.1:{probe.getsockname()[1]}'
    targets = [Endpoint(silent_server.address, 'object')] * 3 + [
        Endpoint(refused, 'object'), Endpoint(recon_server, 'object')]
    reports = swift_recon.query_all(targets, timeout=0.5, workers=8)
    assert [r.reachable for r in reports] == [False, False, False, False, True]
    assert reports[0].error in ('ReadTimeout', 'Timeout') and reports[3].error == 'ConnectionError'
    for _ in range(50):                 # let the workers give up
        time.sleep(0.02)
    assert len(silent_server.accepted) == 3


def test_a_late_worker_stops_at_the_fan_out_deadline(recon_server):
    report = swift_recon.query_node(Endpoint(recon_server, 'object'), timeout=5,
                                    deadline=time.monotonic() - 1)
    assert report.reachable and report.answers == {}
    assert set(report.failed.values()) == {'no time left'}
