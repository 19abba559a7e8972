"""Pure alert logic: parsing both APIs, HA de-dup, merge, sort, filter, group, silences."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from gencloud_ops_panel.logic import alerts as al

ORDER = ['critical', 'warning', 'info']


def am_alert(name, severity='warning', state='active', starts='2026-11-24T10:00:00.000Z',
             silenced=(), inhibited=(), **labels):
    labels = {'alertname': name, 'severity': severity, **labels}
    return {'fingerprint': al.fingerprint(labels), 'labels': labels,
            'annotations': {'summary': f'{name} 요약', 'description': '설명'},
            'startsAt': starts,
            'status': {'state': state, 'silencedBy': list(silenced),
                       'inhibitedBy': list(inhibited)}}


def prom_payload(*alerts):
    return {'status': 'success', 'data': {'alerts': [
        {'labels': {'alertname': n, 'severity': s}, 'annotations': {'summary': '대기'},
         'state': st, 'activeAt': '2026-11-24T18:42:07.422366289Z', 'value': '0'}
        for n, s, st in alerts]}}


def test_fingerprint_is_alertmanagers():
    # Taken from a real Alertmanager 0.25 answer.
    labels = {'alertname': 'ObjectStoreDownNow', 'instance': '127.0.0.1:53795',
              'job': 'openstack_exporter', 'severity': 'critical'}
    assert al.fingerprint(labels) == '25b9e136bf019614'


def test_parse_time_handles_both_apis():
    assert al.parse_time('2026-11-24T18:42:07.422366289Z') == datetime(
        2026, 11, 24, 18, 42, 7, 422366, tzinfo=timezone.utc)
    assert al.parse_time('2026-11-24T18:42:08Z').second == 8
    assert al.parse_time('2026-11-24T18:42:08.5+09:00').utcoffset() == timedelta(hours=9)
    assert al.parse_time('garbage') is None and al.parse_time(None) is None


def test_alertmanager_states():
    alerts = al.parse_alertmanager_alerts([
        am_alert('A'), am_alert('B', state='suppressed', silenced=['s1']),
        am_alert('C', state='suppressed', inhibited=['f1']),
        am_alert('D', state='suppressed', silenced=['s2'], inhibited=['f2']),
        am_alert('E', state='unprocessed')])
    assert [a.state for a in alerts] == ['firing', 'silenced', 'inhibited', 'silenced', 'firing']
    assert alerts[1].silenced_by == ['s1'] and alerts[2].inhibited_by == ['f1']
    assert alerts[0].summary == 'A 요약'


def test_prometheus_pending_and_firing():
    alerts = al.parse_prometheus_alerts(prom_payload(('X', 'warning', 'pending'),
                                                     ('Y', 'critical', 'firing')))
    assert [(a.name, a.state) for a in alerts] == [('X', 'pending'), ('Y', 'firing')]
    assert alerts[0].fingerprint == al.fingerprint({'alertname': 'X', 'severity': 'warning'})


@pytest.mark.parametrize('garbage', [None, [], {'status': 'error'},
                                     {'status': 'success', 'data': {}},
                                     {'status': 'success', 'data': {'alerts': [{'x': 1}]}}])
def test_prometheus_garbage_raises(garbage):
    with pytest.raises((ValueError, KeyError, TypeError)):
        al.parse_prometheus_alerts(garbage)


@pytest.mark.parametrize('garbage', [{}, 'text', [{'labels': {}}], [{'status': {}}]])
def test_alertmanager_garbage_raises(garbage):
    with pytest.raises((ValueError, KeyError, TypeError)):
        al.parse_alertmanager_alerts(garbage)


def test_ha_pair_deduplicated_and_active_copy_wins():
    first = al.parse_alertmanager_alerts([am_alert('A', state='suppressed', silenced=['s'])])
    second = al.parse_alertmanager_alerts([am_alert('A'), am_alert('B')])
    merged = al.merge([], first + second)
    assert sorted((a.name, a.state) for a in merged) == [('A', 'firing'), ('B', 'firing')]


def test_prometheus_adds_pending_only_while_alertmanager_answers():
    prom = al.parse_prometheus_alerts(prom_payload(('P', 'warning', 'pending'),
                                                   ('F', 'critical', 'firing')))
    am = al.parse_alertmanager_alerts([am_alert('F', 'critical')])
    assert sorted(a.name for a in al.merge(prom, am)) == ['F', 'P']
    assert sorted((a.name, a.state) for a in al.merge(prom, [], alertmanager_ok=False)) == [
        ('F', 'firing'), ('P', 'pending')]
    assert [a.name for a in al.merge(prom, [], alertmanager_ok=True)] == ['P']


def test_sort_by_severity_then_newest_first():
    alerts = al.parse_alertmanager_alerts([
        am_alert('old-warn', 'warning', starts='2026-11-20T00:00:00Z'),
        am_alert('crit', 'critical', starts='2026-11-20T00:00:00Z'),
        am_alert('new-warn', 'warning', starts='2026-11-24T00:00:00Z'),
        am_alert('odd', 'P3'), am_alert('none', ''), am_alert('info', 'INFO')])
    assert [a.name for a in al.sort_alerts(alerts, ORDER)] == [
        'crit', 'new-warn', 'old-warn', 'info', 'odd', 'none']
    p_order = ['P1', 'P2', 'P3', 'P4', 'P5']
    assert al.sort_alerts(alerts, p_order)[0].name == 'odd'


def test_filters():
    alerts = al.parse_alertmanager_alerts([
        am_alert('A', 'critical', instance='node-1'), am_alert('B', 'warning', instance='node-2'),
        am_alert('C', 'warning', state='suppressed', silenced=['s'], tenant='demo')])
    names = lambda xs: [a.name for a in xs]  # noqa: E731
    assert names(al.filter_alerts(alerts, states=['silenced'])) == ['C']
    assert names(al.filter_alerts(alerts, severities=['WARNING'])) == ['B', 'C']
    assert names(al.filter_alerts(alerts, label=al.parse_label_filter('instance=node-1'))) == ['A']
    assert names(al.filter_alerts(alerts, label=al.parse_label_filter('instance!=node-1'))) == [
        'B', 'C']
    assert names(al.filter_alerts(alerts, label=al.parse_label_filter('instance=~node-.*'))) == [
        'A', 'B']
    assert names(al.filter_alerts(alerts, label=al.parse_label_filter('dem'))) == ['C']
    assert al.parse_label_filter('  ') is None
    with pytest.raises(ValueError):
        al.parse_label_filter('instance=~(')


def test_group_keeps_sorted_order():
    alerts = al.sort_alerts(al.parse_alertmanager_alerts([
        am_alert('A', 'warning', instance='n1'), am_alert('B', 'critical', instance='n2'),
        am_alert('C', 'warning', instance='n2')]), ORDER)
    groups = al.group_alerts(alerts, 'instance')
    assert [(g.key, len(g.alerts)) for g in groups] == [('n2', 2), ('n1', 1)]
    assert groups[0].counts == {'firing': 2, 'pending': 0, 'silenced': 0, 'inhibited': 0}


def test_badge_counts_top_severity_firing_once():
    alerts = al.parse_alertmanager_alerts([
        am_alert('A', 'critical'), am_alert('A', 'critical'),
        am_alert('B', 'critical', state='suppressed', silenced=['s']),
        am_alert('C', 'warning')])
    assert al.count_top_severity_firing(alerts, ORDER) == 1
    assert al.count_top_severity_firing(alerts, ['warning']) == 1


def test_rules_parse_and_merge():
    payload = {'status': 'success', 'data': {'groups': [{'name': 'g', 'rules': [
        {'name': 'R', 'type': 'alerting', 'query': 'up == 0', 'state': 'firing',
         'health': 'err', 'lastError': 'boom', 'duration': 60,
         'labels': {'severity': 'critical'}, 'alerts': [{}, {}]},
        {'name': 'rec', 'type': 'recording', 'query': 'sum(up)', 'health': 'ok'}]}]}}
    rules = al.parse_rules(payload)
    assert (rules[0].state, rules[0].health, rules[0].last_error, rules[0].active) == (
        'firing', 'err', 'boom', 2)
    assert rules[1].kind == 'recording' and rules[1].severity == ''
    assert len(al.merge_rules([rules, al.parse_rules(payload)])) == 2


def test_parse_matchers():
    assert al.parse_matchers('alertname=A\n\ninstance!="n 1"\njob=~"node|swift"\nx!~y') == [
        {'name': 'alertname', 'value': 'A', 'isRegex': False, 'isEqual': True},
        {'name': 'instance', 'value': 'n 1', 'isRegex': False, 'isEqual': False},
        {'name': 'job', 'value': 'node|swift', 'isRegex': True, 'isEqual': True},
        {'name': 'x', 'value': 'y', 'isRegex': True, 'isEqual': False}]
    assert al.format_matchers(al.parse_matchers('a=1\nb=~2')) == 'a="1", b=~"2"'
    for bad in ('no operator', '1abc=x', 'a=~(', '=x'):
        with pytest.raises(ValueError):
            al.parse_matchers(bad)


@pytest.mark.parametrize('text,expected', [('2h', timedelta(hours=2)), ('90m', timedelta(minutes=90)),
                                           ('1d 12h', timedelta(days=1, hours=12))])
def test_parse_duration(text, expected):
    assert al.parse_duration(text) == expected


@pytest.mark.parametrize('bad', ['', '0h', '2x', 'h', '-1h', '2'])
def test_parse_duration_rejects(bad):
    with pytest.raises(ValueError):
        al.parse_duration(bad)


def test_silence_payload_validates():
    now = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    matchers = al.parse_matchers('alertname=A')
    body = al.silence_payload(matchers, now, now + timedelta(hours=1), 'admin', '점검')
    assert body['startsAt'] == '2026-11-24T12:00:00.000000Z'
    assert body['createdBy'] == 'admin' and body['comment'] == '점검'
    with pytest.raises(ValueError):
        al.silence_payload([], now, now + timedelta(hours=1), 'admin', 'x')
    with pytest.raises(ValueError):
        al.silence_payload(matchers, now, now, 'admin', 'x')


def test_silences_skip_expired_and_sort_by_end():
    def silence(sid, state, ends):
        return {'id': sid, 'matchers': [{'name': 'a', 'value': '1', 'isRegex': False}],
                'startsAt': '2026-11-24T00:00:00Z', 'endsAt': ends, 'createdBy': 'admin',
                'comment': 'c', 'status': {'state': state}}
    first = al.parse_silences([silence('1', 'active', '2026-11-26T00:00:00Z'),
                               silence('2', 'expired', '2026-11-20T00:00:00Z')])
    second = al.parse_silences([silence('1', 'active', '2026-11-26T00:00:00Z'),
                                silence('3', 'pending', '2026-11-25T00:00:00Z')])
    merged = al.merge_silences([first, second])
    assert [s.id for s in merged] == ['3', '1']
    assert merged[1].matcher_text == 'a="1"'


HYPERVISORS = {'compute-1.example.org': '7f3c_compute-1.example.org', 'gpu-2': '9a1b_gpu-2'}
SERVER = '3f0b6c2e-4a1d-4c8e-9f2b-1a2b3c4d5e6f'
PROJECT = '0f5e1b9c7d3a4e2f8b6c1d0e9a8b7c6d'    # Keystone ids are 32 hex digits


def test_resource_links_only_for_values_that_fit():
    links = al.resource_links({
        'instance': SERVER.upper(), 'uuid': 'not-a-uuid', 'instance_id': SERVER,
        'hostname': 'compute-1', 'host': 'unknown-host', 'project_id': PROJECT,
        'tenant_id': 'admin', 'job': SERVER}, HYPERVISORS)
    assert links == {
        'instance': al.ResourceLink('instance', SERVER),
        'instance_id': al.ResourceLink('instance', SERVER),
        'hostname': al.ResourceLink('hypervisor', '7f3c_compute-1.example.org'),
        'project_id': al.ResourceLink('project', PROJECT)}
    # Prometheus' usual `instance` (host:port) and hosts without a Nova list: no links.
    assert al.resource_links({'instance': '10.0.0.5:9100', 'host': 'gpu-2.lan'}, {}) == {}
    assert al.resource_links({'host': 'gpu-2.lan'}, HYPERVISORS) == {
        'host': al.ResourceLink('hypervisor', '9a1b_gpu-2')}


def test_hypervisor_keys_are_horizons_detail_ids():
    assert al.hypervisor_keys([{'id': 'u1', 'hypervisor_hostname': 'node-a', 'state': 'up'},
                               {'id': 'u2', 'hypervisor_hostname': None}]) == {
        'node-a': 'u1_node-a'}


def test_key_labels_include_the_linkable_ones():
    alert = al.Alert('f', {'alertname': 'A', 'instance': 'i', 'job': 'j', 'tenant_id': 't'},
                     {}, al.FIRING, None)
    assert alert.key_labels == {'instance': 'i', 'tenant_id': 't'}


def test_shared_labels_are_the_intersection():
    assert al.shared_labels([{'alertname': 'A', 'job': 'node', 'instance': 'n1'},
                             {'alertname': 'A', 'job': 'node', 'instance': 'n2'},
                             {'alertname': 'A', 'job': 'node', 'severity': 'info'}]) == {
        'alertname': 'A', 'job': 'node'}
    assert al.shared_labels([{'a': '1'}, {'a': '2'}]) == {}
    assert al.shared_labels([]) == {}
    assert al.shared_labels([{'b': '2', 'a': '1'}]) == {'a': '1', 'b': '2'}


def alerts_series(state, times, **labels):
    return {'metric': {'__name__': 'ALERTS', 'alertstate': state, 'alertname': 'Hot',
                       'severity': 'warning', **labels},
            'values': [[t, '1'] for t in times]}


def test_history_window_is_aligned_and_includes_now():
    now = datetime(2026, 12, 2, 6, 42, 10, tzinfo=timezone.utc)
    start, end = al.history_window(now)
    assert end - start == 24 * 3600 and end % al.HISTORY_STEP == 0
    assert end - al.HISTORY_STEP <= now.timestamp() < end


def test_history_runs_per_alert_and_per_name():
    start, end, step = 0, 1000, 100          # 10 buckets
    history = al.parse_history({'status': 'success', 'data': {'result': [
        alerts_series('pending', [0, 100], instance='a'),
        alerts_series('firing', [200, 300, 400, 700], instance='a'),
        alerts_series('pending', [300, 1000], instance='b'),   # the end lands in the last bucket
    ]}}, start, end, step)
    a = history.by_alert[al.fingerprint({'alertname': 'Hot', 'severity': 'warning',
                                         'instance': 'a'})]
    assert a.spans == (al.Span('pending', 0, 0.2), al.Span('firing', 0.2, 0.5),
                       al.Span('firing', 0.7, 0.8))
    assert a.firing_share == pytest.approx(0.4)
    assert a.at(0.5) == datetime.fromtimestamp(500, timezone.utc)
    # Per name: both instances together, firing wins where they overlap (bucket 3).
    assert history.by_name['Hot'].spans == (
        al.Span('pending', 0, 0.2), al.Span('firing', 0.2, 0.5), al.Span('firing', 0.7, 0.8),
        al.Span('pending', 0.9, 1.0))


@pytest.mark.parametrize('garbage', [{'status': 'error'}, [], {'status': 'success'},
                                     {'status': 'success', 'data': {'result': [{'x': 1}]}}])
def test_history_garbage_raises(garbage):
    with pytest.raises((ValueError, KeyError, TypeError)):
        al.parse_history(garbage, 0, 1000, 100)


def test_histories_of_an_ha_pair_merge():
    one = al.History({'f1': 'first'}, {'Hot': 'first'})
    two = al.History({'f1': 'second', 'f2': 'second'}, {'Cold': 'second'})
    merged = al.merge_histories([one, two])
    assert merged.by_alert == {'f1': 'first', 'f2': 'second'}
    assert merged.by_name == {'Hot': 'first', 'Cold': 'second'}
    assert al.merge_histories([]) is None
