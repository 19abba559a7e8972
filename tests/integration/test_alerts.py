"""Operations > Alerts against the real Prometheus, Alertmanager and demo exporter."""
from __future__ import annotations

import html
import os
import re
import signal
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from pymemcache.client.base import Client as Memcache

from devstack import procs
from devstack import prometheus as devstack_prometheus
from devstack.horizon_client import HorizonClient, form_defaults
from tests.alerts_helpers import am_alerts, inject, wait_for

pytestmark = pytest.mark.integration

PANEL = '/admin/gencloud_alerts/'
SILENCES_TAB = PANEL + '?tab=gencloud_alerts_tabs__silences'
COLUMNS = ('state', 'severity', 'name', 'summary', 'description', 'labels', 'started', 'age',
           'history', 'suppressed_by')


def text(fragment: str) -> str:
    return html.unescape(re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', fragment))).strip()


def alert_rows(page: str) -> list[dict]:
    """The alert table's rows as {column: text, 'id', 'silence_link'}."""
    table = re.search(r'<table id="alerts".*?<tbody>(.*?)</tbody>', page, re.S)
    rows = []
    for row_id, body in re.findall(r'<tr [^>]*data-object-id="([^"]+)"[^>]*>(.*?)</tr>',
                                   table.group(1) if table else '', re.S):
        cells = [cell for attrs, cell in re.findall(r'<td([^>]*)>(.*?)</td>', body, re.S)
                 if 'multi_select_column' not in attrs]     # the row's checkbox
        row = dict(zip(COLUMNS, (text(c) for c in cells), strict=False))
        history = COLUMNS.index('history')
        row['timeline'] = cells[history] if len(cells) > history else ''
        link = re.search(r'href="([^"]*silences/create/[^"]*)"', body)
        row.update(id=row_id, silence_link=html.unescape(link.group(1)) if link else None,
                   links=dict(re.findall(r'<a href="([^"]+)" class="gencloud-alert-link-(\w+)"',
                                         body)))
        rows.append(row)
    return rows


def panel_rows(admin, **query) -> list[dict]:
    page = admin.get(PANEL + ('?' + urlencode(query, doseq=True) if query else ''))
    assert page.status_code == 200
    return alert_rows(page.text)


def find(rows, name, **where):
    return [r for r in rows if r['name'] == name and all(r[k] == v for k, v in where.items())]


def matchers_in(form_page: str) -> list[str]:
    return html.unescape(re.search(r'<textarea name="matchers"[^>]*>(.*?)</textarea>',
                                   form_page, re.S).group(1)).split()


@pytest.fixture
def object_store_down(stack):
    flip = stack['exporter_url'] + '/metrics'
    requests.post(flip, data='openstack_object_store_up 0', timeout=5).raise_for_status()
    yield
    requests.post(flip, data='openstack_object_store_up 1', timeout=5).raise_for_status()


def test_exporter_flip_fires_rule_end_to_end(stack, admin, object_store_down):
    def fired():
        rows = panel_rows(admin, label='alertname=~ObjectStoreDown.*')  # on page 1 whatever else fires
        return (find(rows, 'ObjectStoreDownNow', state='Firing')
                and find(rows, 'ObjectStoreDownLong', state='Pending') and rows)
    rows = wait_for(fired, 40, 'ObjectStoreDownNow firing, ObjectStoreDownLong pending')
    [now] = find(rows, 'ObjectStoreDownNow')
    assert now['severity'] == 'critical'
    assert now['summary'].startswith('오브젝트 스토리지') and 'instance=' in now['labels']
    assert any(a['labels']['alertname'] == 'ObjectStoreDownNow' for a in am_alerts(stack))
    # Severity first: the critical alert is above every warning.
    assert rows.index(now) < min(rows.index(r) for r in rows if r['severity'] == 'warning')


def test_alerts_are_paged_by_the_admins_items_per_page(stack, admin):
    batch = uuid.uuid4().hex[:8]
    started = datetime.now(timezone.utc).isoformat()
    requests.post(stack['alertmanager_url'] + '/api/v2/alerts', timeout=5, json=[
        {'labels': {'alertname': f'GencloudPaged{i:02d}', 'severity': 'info', 'batch': batch},
         'startsAt': started} for i in range(23)]).raise_for_status()
    label = f'batch={batch}'

    def counted(answer) -> str:
        return text(re.search(r'<p class="gencloud-alert-count">(.*?)</p>', answer.text,
                              re.S).group(1))

    first = wait_for(lambda: (lambda a: '23' in counted(a) and a)(
        admin.get(PANEL + '?' + urlencode({'label': label}))), 10, 'the injected batch')
    assert len(alert_rows(first.text)) == 20  # Horizon's API_RESULT_PAGE_SIZE
    assert counted(first).startswith('Showing 1–20 of 23')
    next_link = html.unescape(re.search(r'<a href="([^"]+)">Next', first.text).group(1))
    second = admin.get(PANEL + next_link)
    assert len(alert_rows(second.text)) == 3 and 'Previous' in second.text
    assert 'label=batch%3D' + batch in next_link  # the filter survives paging
    for page, rows in (('abc', 20), ('-1', 20), ('99', 3)):
        assert len(panel_rows(admin, label=label, page=page)) == rows

    # The admin's own Items Per Page, saved through Horizon's User Settings form.
    def items_per_page(size: int) -> None:
        form = form_defaults(admin.get('/settings/').text, 'user_settings_modal')
        saved = admin.post_form('/settings/', {**form, 'pagesize': str(size)})
        assert saved.status_code == 200
    items_per_page(7)
    try:
        assert len(panel_rows(admin, label=label)) == 7
    finally:
        items_per_page(20)


def test_silence_from_row_suppresses_and_expiring_restores(stack, admin):
    instance = f'node-{uuid.uuid4().hex[:6]}'
    inject(stack, 'GencloudSilenceMe', 'critical', instance=instance)
    [row] = wait_for(lambda: find(panel_rows(admin, label=f'instance={instance}'),
                                  'GencloudSilenceMe', state='Firing'), 10, 'injected alert')
    assert row['summary'] == 'GencloudSilenceMe 요약: 서비스 점검 필요'
    assert row['description'] == '한국어 설명'

    form = admin.get(row['silence_link'])
    assert form.status_code == 200
    prefilled = matchers_in(form.text)
    assert f'instance={instance}' in prefilled and 'alertname=GencloudSilenceMe' in prefilled
    created = admin.post_form('/admin/gencloud_alerts/silences/create/', {
        'matchers': '\n'.join(prefilled), 'duration': '1h', 'comment': '정기 점검'})
    assert created.status_code == 200 and 'tab=gencloud_alerts_tabs__silences' in created.url

    [alert] = [a for a in am_alerts(stack) if a['labels'].get('instance') == instance]
    assert alert['status']['state'] == 'suppressed'
    [silence_id] = alert['status']['silencedBy']
    silence = requests.get(f"{stack['alertmanager_url']}/api/v2/silence/{silence_id}",
                           timeout=5).json()
    assert silence['createdBy'] == 'admin' and silence['comment'] == '정기 점검'
    [row] = find(panel_rows(admin, label=f'instance={instance}'), 'GencloudSilenceMe')
    assert row['state'] == 'Silenced' and row['suppressed_by'] == silence_id
    assert silence_id in admin.get(SILENCES_TAB).text

    expired = admin.post_form(SILENCES_TAB, {'action': f'silences__delete__{silence_id}'})
    assert expired.status_code == 200
    state = requests.get(f"{stack['alertmanager_url']}/api/v2/silence/{silence_id}",
                         timeout=5).json()['status']['state']
    assert state == 'expired'
    [alert] = [a for a in am_alerts(stack) if a['labels'].get('instance') == instance]
    assert alert['status']['state'] == 'active'
    assert find(panel_rows(admin, label=f'instance={instance}'), 'GencloudSilenceMe',
                state='Firing')


def test_labels_link_to_instance_and_project_pages(stack, admin):
    server, project = str(uuid.uuid4()), uuid.uuid4().hex
    inject(stack, 'GencloudLinked', 'warning', instance=server, project_id=project,
           hostname=f'not-in-nova-{project[:6]}', tenant_id='not-an-id')
    [row] = wait_for(lambda: find(panel_rows(admin, label=f'instance={server}'),
                                  'GencloudLinked'), 10, 'injected alert')
    assert row['links'] == {f'/admin/instances/{server}/detail': 'instance',
                            f'/identity/{project}/detail/': 'project'}
    assert 'hostname=not-in-nova-' in row['labels'] and 'tenant_id=not-an-id' in row['labels']
    # The links lead to Horizon's own pages (the server does not exist: Horizon says so).
    assert admin.get(f'/identity/{project}/detail/').status_code in (200, 302)
    # Nova's host list was asked once and cached (empty: the stack has no compute nodes).
    cached = Memcache(stack['memcached']).get(':1:gencloud_alerts_hypervisors')
    assert cached is not None


def test_silence_selected_rows_with_the_labels_they_share(stack, admin):
    batch = uuid.uuid4().hex[:8]
    for node in ('n1', 'n2'):
        inject(stack, 'GencloudBulk', 'warning', batch=batch, instance=f'{node}-{batch}')
    inject(stack, 'GencloudBulkOther', 'warning', batch=batch, instance=f'n3-{batch}')
    rows = wait_for(lambda: (lambda rs: len(rs) == 3 and rs)(
        panel_rows(admin, label=f'batch={batch}')), 10, 'the injected batch')
    listed = PANEL + '?' + urlencode({'label': f'batch={batch}'})
    assert 'alerts__silence_selected' in admin.get(listed).text

    def select(*names) -> requests.Response:
        ids = [r['id'] for r in rows if r['name'] in names]
        return admin.post_form(listed, {'action': 'alerts__silence_selected', 'object_ids': ids},
                               allow_redirects=False)

    # Nothing in common but the batch and severity: those are the matchers offered.
    everything = select('GencloudBulk', 'GencloudBulkOther')
    assert everything.status_code == 302
    form = admin.get(everything.headers['Location'].removeprefix(stack['horizon_url']))
    assert sorted(matchers_in(form.text)) == [f'batch={batch}', 'severity=warning']

    pair = select('GencloudBulk')
    form = admin.get(pair.headers['Location'].removeprefix(stack['horizon_url']))
    prefilled = matchers_in(form.text)
    assert sorted(prefilled) == ['alertname=GencloudBulk', f'batch={batch}', 'severity=warning']
    created = admin.post_form('/admin/gencloud_alerts/silences/create/', {
        'matchers': '\n'.join(prefilled), 'duration': '1h', 'comment': '일괄 점검'})
    assert created.status_code == 200
    states = {a['labels']['instance']: a['status']['state'] for a in am_alerts(stack)
              if a['labels'].get('batch') == batch}
    assert states == {f'n1-{batch}': 'suppressed', f'n2-{batch}': 'suppressed',
                      f'n3-{batch}': 'active'}

    # Rows with no label in common, or gone since the page was shown: a message, no form.
    inject(stack, 'GencloudLonely', 'critical')
    lonely = wait_for(lambda: find(panel_rows(admin, label='alertname=GencloudLonely'),
                                   'GencloudLonely'), 10, 'lonely alert')[0]
    nothing = admin.post_form(listed, {'action': 'alerts__silence_selected',
                                       'object_ids': [lonely['id'], rows[0]['id']]})
    assert nothing.status_code == 200 and 'have no label in common' in html.unescape(nothing.text)
    gone = admin.post_form(listed, {'action': 'alerts__silence_selected',
                                    'object_ids': ['0123456789abcdef']})
    assert gone.status_code == 200 and 'no longer active' in gone.text


def history_names(page: str) -> dict[str, str]:
    """The per-alert-name history table: {alert name: its timeline's SVG}."""
    table = re.search(r'gencloud-alert-history-names.*?<tbody>(.*?)</tbody>', page, re.S)
    return dict(re.findall(r'<tr data-alertname="([^"]*)"><td>.*?</td><td>(.*?)</td>',
                           table.group(1) if table else '', re.S))


FIRING_BAR, PENDING_BAR = 'fill="#d9534f"><title>Firing ', 'fill="#f0ad4e"><title>Pending '


def test_history_of_the_last_day_from_prometheus(stack, admin, memory_alert_firing):
    page = admin.get(PANEL + '?' + urlencode({'label': 'alertname=HighMemoryUsage'})).text
    names = history_names(page)
    assert FIRING_BAR in names['HighMemoryUsage']
    # NovaVCPUExhausted is pending for the stack's first 3 minutes, then fires.
    assert PENDING_BAR in names['NovaVCPUExhausted'] or FIRING_BAR in names['NovaVCPUExhausted']
    # The alert's own row has its own timeline (same fingerprint as its ALERTS series).
    [row] = find(alert_rows(page), 'HighMemoryUsage')
    assert FIRING_BAR in row['timeline'] and 'Last 24 hours: firing' in row['timeline']
    # An alert Prometheus never saw (sent straight to Alertmanager) has no timeline.
    inject(stack, 'GencloudNoHistory', 'info')
    [other] = wait_for(lambda: find(panel_rows(admin, label='alertname=GencloudNoHistory'),
                                    'GencloudNoHistory'), 10, 'injected alert')
    assert '<svg' not in other['timeline']


def test_silence_validation_and_alertmanager_error_text(admin):
    path = '/admin/gencloud_alerts/silences/create/'
    empty = admin.post_form(path, {'matchers': ' ', 'duration': '0h', 'comment': 'x'})
    assert empty.status_code == 200
    assert 'Give at least one matcher.' in empty.text
    assert 'Give a positive duration' in empty.text
    refused = admin.post_form(path, {'matchers': 'alertname=~.*', 'duration': '1h',
                                     'comment': 'x'})
    assert refused.status_code == 200
    assert 'at least one matcher must not match the empty string' in html.unescape(refused.text)


def test_inhibition_filters_and_grouping(stack, admin):
    instance = f'node-{uuid.uuid4().hex[:6]}'
    inject(stack, 'GencloudPair', 'critical', instance=instance)
    inject(stack, 'GencloudPair', 'warning', instance=instance)
    rows = wait_for(lambda: (lambda rs: len(rs) == 2 and rs)(
        panel_rows(admin, label=f'instance={instance}')), 10, 'both alerts')
    assert [(r['severity'], r['state']) for r in rows] == [('critical', 'Firing'),
                                                          ('warning', 'Inhibited')]
    assert rows[1]['suppressed_by'] == rows[0]['id']

    only = panel_rows(admin, label=f'instance={instance}', severity='critical')
    assert [r['severity'] for r in only] == ['critical']
    inhibited = panel_rows(admin, state='inhibited')
    assert find(inhibited, 'GencloudPair') and all(r['state'] == 'Inhibited' for r in inhibited)

    grouped = admin.get(PANEL + '?' + urlencode({'group': 'instance', 'label': instance}))
    summary = re.search(r'gencloud-alert-groups.*?<tbody>(.*?)</tbody>', grouped.text, re.S)
    assert [text(c) for c in re.findall(r'<td>(.*?)</td>', summary.group(1), re.S)] == [
        instance, '2', '1', '0', '0', '1']


@pytest.mark.parametrize('query', ['label=instance%3D~(', 'state=bogus',
                                   'severity=P9&group=nope'])
def test_bad_filter_input_is_a_form_error_not_a_500(admin, query):
    page = admin.get(PANEL + '?' + query)
    assert page.status_code == 200
    assert 'has-error' in page.text
    assert alert_rows(page.text)  # unfiltered table still shown


def test_paging(admin):
    assert alert_rows(admin.get(PANEL + '?page=zzz').text)
    assert alert_rows(admin.get(PANEL + '?page=999').text)  # the last page


def test_tab_refreshes_without_a_page(admin):
    """What the auto-refresh script asks for: only the tab's HTML."""
    tab = admin.get(PANEL + '?tab=gencloud_alerts_tabs__alerts&severity=critical',
                    headers={'X-Requested-With': 'XMLHttpRequest'})
    assert tab.status_code == 200
    assert '<html' not in tab.text and 'id="alerts"' in tab.text
    assert all(r['severity'] == 'critical' for r in alert_rows(tab.text))


def test_rules_tab_shows_state_and_health(admin):
    page = admin.get(PANEL + '?tab=gencloud_alerts_tabs__rules').text
    body = re.search(r'<table id="rules".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    rules = [[text(c) for c in re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)]
             for row in re.findall(r'<tr[^>]*>(.*?)</tr>', body, re.S)]
    by_name = {r[1]: r for r in rules}
    assert by_name['SwiftDown'][5] == 'OK' and 'openstack_object_store_up' in by_name['SwiftDown'][8]
    assert by_name['HighMemoryUsage'][4] in ('Firing', 'Pending')
    assert len(rules) == 20


def badge(stack, admin) -> tuple[str, float]:
    Memcache(stack['memcached']).delete(':1:gencloud_alerts_badge')
    started = time.monotonic()
    header = admin.get('/header/', headers={'X-Requested-With': 'XMLHttpRequest'})
    assert header.status_code == 200
    found = re.search(r'data-count="(\d+)">([^<]*)<', header.text)
    return found.group(2), time.monotonic() - started


def test_header_badge_counts_firing_critical(stack, admin):
    inject(stack, 'GencloudBadge', 'critical', instance=f'node-{uuid.uuid4().hex[:6]}')
    expected = {a['fingerprint'] for a in am_alerts(
        stack, silenced='false', inhibited='false', filter='severity="critical"')}
    shown, _ = badge(stack, admin)
    assert int(shown) == len(expected) >= 1


@pytest.fixture
def memory_alert_firing(stack):
    """The demo's HighMemoryUsage fires ~15 s after start-up; wait for it in Prometheus."""
    def firing():
        alerts = requests.get(stack['prometheus_url'] + '/api/v1/alerts',
                              timeout=5).json()['data']['alerts']
        return any(a['labels']['alertname'] == 'HighMemoryUsage' and a['state'] == 'firing'
                   for a in alerts)
    wait_for(firing, 40, 'HighMemoryUsage firing')


@pytest.fixture
def frozen_alertmanager(stack):
    """A hung Alertmanager (SIGSTOP): connections open, no answer ever comes."""
    pid = stack['pids']['alertmanager']
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def test_hung_alertmanager_page_shows_error_and_prometheus_data(stack, admin,
                                                                 memory_alert_firing,
                                                                 frozen_alertmanager):
    started = time.monotonic()
    page = admin.get(PANEL)
    assert page.status_code == 200 and time.monotonic() - started < 8
    assert f"Alertmanager at {stack['alertmanager_url']} failed: no answer within 2 s" in page.text
    # Prometheus still answers: its firing and pending alerts are shown.
    assert find(alert_rows(page.text), 'HighMemoryUsage', state='Firing')
    shown, seconds = badge(stack, admin)
    assert shown == '?' and seconds < 3
    # Every other page is untouched by the hung Alertmanager.
    assert admin.get('/admin/gencloud_gpu/').status_code == 200


@pytest.fixture
def dead_alertmanager(stack):
    """Alertmanager stopped (connection refused), then restarted on its port."""
    procs.stop(stack['pids']['alertmanager'])
    try:
        yield
    finally:
        port = int(stack['alertmanager_url'].rsplit(':', 1)[1])
        proc, _ = devstack_prometheus.start_alertmanager(
            Path(stack['alertmanager_root']), Path(stack['logs']), False, port=port)
        stack['pids']['alertmanager'] = proc.pid  # the stack stops this one at the end


def test_dead_alertmanager_page_shows_error_and_prometheus_data(stack, admin,
                                                                memory_alert_firing,
                                                                dead_alertmanager):
    page = admin.get(PANEL)
    assert page.status_code == 200
    assert f"Alertmanager at {stack['alertmanager_url']} failed: cannot connect" in page.text
    assert find(alert_rows(page.text), 'HighMemoryUsage', state='Firing')
    assert FIRING_BAR in history_names(page.text)['HighMemoryUsage']  # history needs no Alertmanager
    silences = admin.get(SILENCES_TAB)
    assert silences.status_code == 200 and 'cannot connect' in silences.text
    refused = admin.post_form('/admin/gencloud_alerts/silences/create/', {
        'matchers': 'alertname=Anything', 'duration': '1h', 'comment': 'x'})
    assert refused.status_code == 200 and 'cannot connect' in refused.text


def test_panel_speaks_korean(stack):
    client = HorizonClient(stack['horizon_url'])
    client.http.headers['Accept-Language'] = 'ko'
    client.login('admin', stack['logins']['admin']['password'])
    page = client.get(PANEL).text
    assert '심각도' in page and '무음/억제 원인' in page
    assert {'발생 중', '대기 중'} & {row['state'] for row in alert_rows(page)}
