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


def _node(address, server_type='object', windows=None, **answers):
    return NodeReport(Endpoint(address, server_type), answers=answers, windows=windows or {})


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
    codes |= {c.code for c in rh.daemon_checks([_busy_node(), *_fresh_nodes()], LIMITS)}
    assert codes == set(texts.CHECK_TEXT)
    assert set(rh.DAEMON_ANSWERS) == set(texts.RECON_NAME_TEXT)


def test_assessment_names_servers_with_a_different_ring():
    ring = _ring([_dev(0, 1, 6200), _dev(1, 2, 6201)])
    ring.ring_md5 = 'aaa'
    nodes = [_node('10.0.0.1:6200', ringmd5={'/etc/swift/object.ring.gz': 'aaa'},
                   replication={'replication_last': NOW - 60}),
             _node('10.0.0.1:6201', ringmd5={'/etc/swift/object.ring.gz': 'bbb'})]
    assessment = rh.assess([ring], nodes, LIMITS, NOW)
    assert assessment.md5_differs == {'10.0.0.1:6201'}
    assert [rh.replication_last(node) for node in nodes] == [NOW - 60, None]


# --- the rest of `swift-recon --all`, in the shapes Swift's recon middleware answers ---

def _fresh_nodes():
    """What a new node answers: recon cache files not written yet, swift.conf elsewhere."""
    common = {'swiftconfmd5': {'/etc/swift/swift.conf': None}, 'version': {'version': '2.38.3'},
              'quarantined': {'objects': 0, 'containers': 0, 'accounts': 0, 'policies': {}},
              'load': {'1m': 0.5, '5m': 0.4, '15m': 0.3, 'tasks': '1/100', 'processes': 9},
              'sockstat': {'tcp_in_use': 10, 'orphan': 0, 'time_wait': 3,
                           'tcp_mem_allocated_bytes': 4096},
              'driveaudit': {'drive_audit_errors': None}}
    account = _node('10.0.0.1:6202', 'account', auditor={
        'account_audits_passed': None, 'account_auditor_pass_completed': None,
        'account_audits_since': None, 'account_audits_failed': None}, **common)
    container = _node('10.0.0.1:6201', 'container', updater={'container_updater_sweep': None},
                      auditor={'container_audits_passed': None, 'container_audits_failed': None,
                               'container_auditor_pass_completed': None,
                               'container_audits_since': None}, **common)
    obj = _node('10.0.0.1:6200', **common,
                auditor={'object_auditor_stats_ALL': None, 'object_auditor_stats_ZBF': None},
                updater={'object_updater_sweep': None, 'object_updater_stats': None,
                         'object_updater_last': None},
                expirer={'object_expiration_pass': None, 'expired_last_pass': None},
                **{'async': {'async_pending': None, 'async_pending_last': None}})
    return [account, container, obj]


def _busy_node():
    """An object server whose daemons have run, and which has every problem."""
    return _node('10.0.0.9:6200', time=NOW + 5, windows={'time': (NOW - 0.1, NOW)},
                 version={'version': '2.30.0'}, load={'1m': 30.0, '5m': 20.0, '15m': 5.0},
                 quarantined={'objects': 2, 'containers': 1, 'accounts': 0, 'policies': {}},
                 auditor={'object_auditor_stats_ALL': {
                     'sdb1': {'errors': 2, 'audit_time': 10.5, 'passes': 7},
                     'sdc1': {'errors': 1, 'audit_time': 4.5, 'passes': 3}},
                     'object_auditor_stats_ZBF': None},
                 updater={'object_updater_sweep': 0.25},
                 expirer={'object_expiration_pass': 1.5, 'expired_last_pass': 4},
                 swiftconfmd5={'/etc/swift/swift.conf': 'abc'},
                 driveaudit={'drive_audit_errors': 2},
                 **{'async': {'async_pending': 150, 'async_pending_last': NOW}})


def test_fresh_nodes_say_no_data_yet_not_a_problem():
    checks = rh.daemon_checks(_fresh_nodes(), LIMITS)
    assert {check.level for check in checks} == {'info'}
    assert _codes(checks) == [('info', 'swiftconf-unknown')] + [('info', 'no-data')] * 5
    by_what = {c.params['what']: c.params['addresses'] for c in checks if c.code == 'no-data'}
    assert by_what == {'auditor': '10.0.0.1:6202, 10.0.0.1:6201, 10.0.0.1:6200',
                       'updater': '10.0.0.1:6201, 10.0.0.1:6200', 'expirer': '10.0.0.1:6200',
                       'async': '10.0.0.1:6200',
                       'driveaudit': '10.0.0.1:6202, 10.0.0.1:6201, 10.0.0.1:6200'}
    assert [rh.last_pass(node, 'auditor') for node in _fresh_nodes()] == [None] * 3


def test_every_daemon_problem_is_a_warning():
    busy, fresh = _busy_node(), _fresh_nodes()
    checks = rh.daemon_checks([busy, *fresh], LIMITS)
    warnings = {c.code: c.params for c in checks if c.level == 'warning'}
    assert warnings == {
        'async-pending': {'nodes': '10.0.0.9:6200 (150)', 'limit': 100},
        'quarantined': {'nodes': '10.0.0.9:6200 (3)'},
        'clock-skew': {'nodes': '10.0.0.9:6200 (+5.0 s)', 'jitter': 1.0},
        'version-mismatch': {'versions': '2.30.0: 10.0.0.9:6200; '
                                         '2.38.3: 10.0.0.1:6202, 10.0.0.1:6201, 10.0.0.1:6200'},
        'load': {'nodes': '10.0.0.9:6200 (20.0)', 'limit': 10.0},
        'auditor-failures': {'nodes': '10.0.0.9:6200 (3)'},
        'drive-errors': {'nodes': '10.0.0.9:6200 (2)'}}
    assert [rh.last_pass(busy, name) for name in rh.DAEMON_ANSWERS] == [15.0, 0.25, 1.5, 150, 2]


def test_clock_inside_the_window_plus_jitter_is_in_sync():
    window = {'time': (NOW, NOW + 0.2)}
    assert rh.clock_skew(_node('a', time=NOW + 0.1, windows=window), 0) is None
    assert rh.clock_skew(_node('a', time=NOW + 1.1, windows=window), 1.0) is None
    assert rh.clock_skew(_node('a', time=NOW - 3, windows=window), 1.0) == -3.0
    assert rh.clock_skew(_node('a', time='soon', windows=window), 1.0) is None
    assert rh.clock_skew(_node('a', time=NOW), 1.0) is None        # no window: not asked


def test_account_auditor_failures_and_malformed_daemon_answers():
    failing = _node('10.0.0.1:6202', 'account', auditor={
        'account_audits_failed': 4, 'account_auditor_pass_completed': 2.0})
    odd = _node('10.0.0.2:6200', auditor=['x'], updater='x', load={'5m': 'high'},
                quarantined={'objects': None}, version={'version': 2},
                **{'async': {'async_pending': True}})
    checks = rh.daemon_checks([failing, odd], LIMITS)
    assert _codes(checks) == [('warning', 'auditor-failures'), ('info', 'no-data'),
                              ('info', 'no-data'), ('info', 'no-data')]
    assert rh.last_pass(failing, 'auditor') == 2.0


def test_unreachable_nodes_get_no_daemon_checks():
    dead = NodeReport(Endpoint('10.0.0.9:6200', 'object'), reachable=False, error='Timeout')
    assert rh.daemon_checks([dead], LIMITS) == []


def test_swift_conf_compared_like_rings_and_null_digests_ignored():
    nodes = [_node('10.0.0.1:6200', swiftconfmd5={'/etc/swift/swift.conf': 'aaa'}),
             _node('10.0.0.2:6200', swiftconfmd5={'/etc/swift/swift.conf': 'bbb'}),
             _node('10.0.0.3:6200', swiftconfmd5={'/etc/swift/swift.conf': None})]
    assessment = rh.assess([], nodes, LIMITS, NOW, swift_conf_md5='aaa')
    assert assessment.swift_conf_differs == {'10.0.0.2:6200'} and assessment.md5_differs == set()
    [mismatch] = [c for c in assessment.cluster_checks if c.code == 'md5-mismatch']
    assert mismatch.params == {'file': 'swift.conf', 'addresses': '10.0.0.2:6200'}
