"""Health checks over ring summaries and recon answers."""
from __future__ import annotations

from gencloud_ops_panel.api.swift_recon import Endpoint, NodeReport
from gencloud_ops_panel.dashboards.rings import texts
from gencloud_ops_panel.logic import ring_health as rh
from gencloud_ops_panel.logic import ring_summary as rs

LIMITS = rh.Limits()
NOW = 1_800_000_000.0


def _dev(dev_id, zone, port, weight=100.0, partitions=512, device='sdb1'):
    return rs.Device(dev_id, 1, zone, '10.0.0.1', port, '10.0.0.1', port, device, weight,
                     partitions, 0.0)


def _ring(devices, replicas=2.0, balance=0.0):
    return rs.RingSummary('object', source='builder', part_power=10, replicas=replicas,
                          min_part_hours=1, balance=balance, ring_file_status=rs.UP_TO_DATE,
                          devices=devices)


def _codes(checks):
    return [(check.level, check.code) for check in checks]


def _node(address, **answers):
    return NodeReport(Endpoint(address, 'object'), answers=answers)


def test_healthy_seed_ring_has_no_checks():
    assert rh.ring_checks(_ring([_dev(0, 1, 6200), _dev(1, 2, 6200)]), LIMITS) == []


def test_more_replicas_than_devices_or_zones():
    one_device = _ring([_dev(0, 1, 6200)])
    assert _codes(rh.ring_checks(one_device, LIMITS)) == [('danger', 'replicas-over-devices')]
    one_zone = _ring([_dev(0, 1, 6200), _dev(1, 1, 6201)])
    assert _codes(rh.ring_checks(one_zone, LIMITS)) == [('warning', 'replicas-over-zones')]


def test_weight_zero_balance_and_stale_ring_file():
    ring = _ring([_dev(0, 1, 6200), _dev(1, 2, 6200), _dev(2, 2, 6200, 0, 0, 'sdc1')],
                 balance=3.5)
    ring.ring_file_status = rs.OBSOLETE
    checks = rh.ring_checks(ring, LIMITS)
    assert _codes(checks) == [('warning', 'balance'), ('warning', 'zero-weight'),
                              ('warning', 'ring-obsolete')]
    assert checks[1].params == {'devices': '10.0.0.1:6200/sdc1'}
    ring.ring_file_status = rs.NO_RING_FILE
    assert ('warning', 'ring-missing') in _codes(rh.ring_checks(ring, LIMITS))


def test_weight_zero_device_does_not_count_as_a_replica_home():
    ring = _ring([_dev(0, 1, 6200), _dev(1, 2, 6200, weight=0, partitions=0)])
    assert ('danger', 'replicas-over-devices') in _codes(rh.ring_checks(ring, LIMITS))


def test_unreadable_ring_reports_only_its_file_errors():
    ring = rs.RingSummary('object', file_errors=[rs.FileError('object.ring.gz', 'corrupted', 'x')])
    assert _codes(rh.ring_checks(ring, LIMITS)) == [('danger', 'file-corrupted')]


def test_md5_compared_by_file_name_against_this_host():
    nodes = [_node('10.0.0.1:6200', ringmd5={'/etc/swift/object.ring.gz': 'aaa',
                                             '/etc/swift/account.ring.gz': 'ccc'}),
             _node('10.0.0.2:6200', ringmd5={'/srv/other/object.ring.gz': 'bbb',
                                             '/srv/other/account.ring.gz': 'ccc'})]
    assert rh.md5_mismatches(nodes, {'object.ring.gz': 'aaa', 'account.ring.gz': 'ccc'}) == {
        'object.ring.gz': ['10.0.0.2:6200']}
    assert rh.md5_mismatches(nodes[:1], {'object.ring.gz': 'aaa', 'account.ring.gz': 'ccc'}) == {}


def test_md5_without_local_copy_uses_majority():
    nodes = [_node(f'10.0.0.{i}:6200', ringmd5={'/etc/swift/object-1.ring.gz': digest})
             for i, digest in enumerate(['aaa', 'aaa', 'bbb'])]
    assert rh.md5_mismatches(nodes, {}) == {'object-1.ring.gz': ['10.0.0.2:6200']}


def test_recon_checks():
    dead = NodeReport(Endpoint('10.0.0.9:6200', 'object'), reachable=False, error='Timeout')
    nodes = [
        _node('10.0.0.1:6200',
              diskusage=[{'device': 'sdb1', 'mounted': True, 'size': 100, 'used': 91,
                          'avail': 9},
                         {'device': 'sdc1', 'mounted': False, 'size': '', 'used': '',
                          'avail': ''}],
              unmounted=[{'device': 'sdc1', 'mounted': False}],
              replication={'replication_last': NOW - 3 * 86400}),
        _node('10.0.0.2:6200', diskusage=[{'device': 'sdb1', 'mounted': True, 'size': 100,
                                           'used': 10, 'avail': 90}],
              replication={'replication_last': None, 'object_replication_last': NOW - 60}),
        _node('10.0.0.3:6200', replication={'replication_last': None}),
        dead]
    checks = rh.recon_checks(nodes, {}, LIMITS, NOW)
    assert _codes(checks) == [('danger', 'unreachable'), ('warning', 'disk-usage'),
                              ('danger', 'unmounted'), ('warning', 'replication-stale'),
                              ('info', 'replication-unknown')]
    assert checks[1].params['usage'] == 91.0
    assert checks[4].params == {'addresses': '10.0.0.3:6200'}
    assert rh.worst(checks) == 'danger' and rh.worst([]) == 'ok'


def test_malformed_recon_answers_are_ignored():
    nodes = [_node('10.0.0.1:6200', ringmd5=['x'], diskusage={'a': 1},
                   unmounted=[None, {'no': 'device'}], replication={'replication_last': 'x'})]
    assert _codes(rh.recon_checks(nodes, {}, LIMITS, NOW)) == [('info', 'replication-unknown')]


def test_device_state_and_charts():
    ring = _ring([_dev(0, 1, 6200, partitions=700), _dev(1, 2, 6201, partitions=324),
                  _dev(2, 2, 6202, weight=0, partitions=0)])
    nodes = [_node('10.0.0.1:6200', diskusage=[{'device': 'sdb1', 'mounted': True,
                                                 'size': 200, 'used': 50}])]
    states = rh.device_states(nodes)
    assert rh.device_state(states, {'10.0.0.1:6201'}, ring.devices[1]).reachable is False
    rows = rh.chart_rows(ring, states, {'10.0.0.1:6201'})
    assert [r.usage_percent for r in rows] == [25.0, None, None]
    assert [r.partition_share for r in rows] == [68.36, 31.64, 0.0]
    assert [r.weight_share for r in rows] == [50.0, 50.0, 0.0]
    assert rows[0].partition_width == 100.0 and rows[0].weight_width == 73.14


def test_every_check_code_has_a_sentence():
    ring = _ring([_dev(0, 1, 6200)], balance=5)
    codes = {c.code for c in rh.ring_checks(ring, LIMITS)}
    codes |= {f'file-{code}' for code in rs.READ_ERRORS}
    codes |= {'replicas-over-zones', 'zero-weight', 'ring-obsolete', 'ring-missing',
              'unreachable', 'recon-failed', 'md5-mismatch', 'unmounted', 'disk-usage',
              'replication-stale', 'replication-unknown'}
    assert codes == set(texts.CHECK_TEXT)


def test_assessment_names_servers_with_a_different_ring():
    ring = _ring([_dev(0, 1, 6200), _dev(1, 2, 6201)])
    ring.ring_md5 = 'aaa'
    nodes = [_node('10.0.0.1:6200', ringmd5={'/etc/swift/object.ring.gz': 'aaa'},
                   replication={'replication_last': NOW - 60}),
             _node('10.0.0.1:6201', ringmd5={'/etc/swift/object.ring.gz': 'bbb'})]
    assessment = rh.assess([ring], nodes, LIMITS, NOW)
    assert assessment.md5_differs == {'10.0.0.1:6201'}
    assert [rh.replication_last(node) for node in nodes] == [NOW - 60, None]
