"""An admin clicking through Admin > Operations (GPU, Storage Rings, Alerts)."""
from __future__ import annotations

import uuid

import pytest
import requests

from devstack.api_clients import NovaClient, PlacementClient
from tests.alerts_helpers import am_alerts, inject, wait_for

pytestmark = pytest.mark.browser

GPU = '/admin/gencloud_gpu/'
RINGS = '/admin/gencloud_rings/'
ALERTS = '/admin/gencloud_alerts/'
T4_RESOURCE_CLASS = 'CUSTOM_PCI_10DE_1EB8'   # the stack's t4 alias (vendor 10de, product 1eb8)


@pytest.fixture(scope='module')
def gpu_host(stack) -> str:
    """A compute host in Placement with two T4s, one of them in use."""
    placement = PlacementClient(stack)
    host = f'gpu-node-{uuid.uuid4().hex[:4]}'
    root = placement.provider(host)
    for device, used in (('81', 1), ('82', 0)):
        child = placement.provider(f'{host}_pci_0000_{device}_00_0', root)
        placement.inventory(child, T4_RESOURCE_CLASS, 1)
        if used:
            placement.allocate(child, T4_RESOURCE_CLASS, used)
    return host


def open_tab(page, label: str):
    """Click a Horizon tab by its label; return its (now visible) pane."""
    tab = page.locator('ul.nav-tabs a', has_text=label).first
    tab.click()
    pane = page.locator(tab.get_attribute('data-target'))
    pane.wait_for(state='visible')
    return pane


def open_modal(page, link, form_id: str):
    """Click an ajax-modal link and wait for Horizon to show the form in a dialog."""
    link.click()
    form = page.locator(f'.modal form#{form_id}')
    form.wait_for(state='visible')
    return form


def test_admin_creates_a_gpu_flavor_and_sees_capacity(admin_page, stack, gpu_host, shot):
    page = admin_page()
    page.goto(GPU)
    assert page.locator('#gpu_flavors').is_visible()

    name = f't4.browser-{uuid.uuid4().hex[:6]}'
    form = open_modal(page, page.locator('#gpu_flavors__action_create'),
                      'create_gpu_flavor_form')
    form.locator('#id_name').fill(name)
    form.locator('#id_vcpus').fill('8')
    form.locator('#id_ram').fill('32768')
    form.locator('#id_disk').fill('80')
    form.locator('#id_alias').select_option('t4')
    form.locator('#id_count').fill('2')
    shot(page, 'ops-gpu-create')
    form.locator('[type=submit]').click()
    row = page.locator('#gpu_flavors tbody tr', has_text=name)
    row.wait_for()
    assert 'NVIDIA Tesla T4 × 2' in row.inner_text()
    assert page.locator('.alert-success').count() >= 1
    shot(page, 'ops-gpu')

    flavor = NovaClient(stack).flavor_by_name(name)
    assert flavor['extra_specs'] == {'pci_passthrough:alias': 't4:2'}
    assert (flavor['vcpus'], flavor['ram'], flavor['disk']) == (8, 32768, 80)

    pane = open_tab(page, 'GPU Capacity')
    host_row = pane.locator('#gpu_capacity tbody tr', has_text=gpu_host)
    assert host_row.locator('td').all_inner_texts()[:5] == [
        gpu_host, 'NVIDIA Tesla T4', '2', '1', '1']
    assert 'Placement' in pane.locator('.gencloud-gpu-source').inner_text()
    shot(page, 'ops-gpu-capacity')

    pane = open_tab(page, 'GPU Devices')
    devices = pane.locator('#gpu_devices tbody tr', has_text=gpu_host)
    assert devices.count() == 2
    assert 'free' in devices.nth(1).inner_text()
    assert 'passthrough GPU is visible to DCGM only inside the guest' in \
        devices.nth(0).inner_text()
    shot(page, 'ops-gpu-devices')


def test_admin_reads_ring_health_and_devices(admin_page, shot):
    page = admin_page()
    page.goto(RINGS)
    health = page.locator('.tab-pane.active')
    warning = health.locator('.gencloud-check-warning', has_text='weight 0')
    assert warning.is_visible() and warning.locator('.label-warning').is_visible()
    servers = health.locator('#nodes tbody tr')
    assert servers.count() == 6     # account, container, object on each of two nodes
    assert 'unreachable' not in ' '.join(servers.all_inner_texts())
    # The swift-recon --all checks: daemons that never ran are "no data yet" (info).
    no_data = health.locator('.gencloud-check-info', has_text='No auditor data yet')
    assert no_data.is_visible() and no_data.locator('.label-info').is_visible()
    assert 'in sync' in servers.first.inner_text()
    shot(page, 'ops-rings')

    pane = open_tab(page, 'object')
    devices = pane.locator('table[id^=devices] tbody tr')
    assert devices.count() >= 2
    assert pane.locator('.gencloud-ring-summary').is_visible()
    # The weight-0 device's empty bars keep a readable (not white-on-grey) label.
    empty = pane.locator('.progress-bar', has_text='weight 0.0%')
    assert empty.evaluate('bar => getComputedStyle(bar).color') != 'rgb(255, 255, 255)'
    shot(page, 'ops-rings-object')


def test_admin_silences_an_alert_and_expires_the_silence(admin_page, stack, shot):
    page = admin_page()
    page.goto(ALERTS)
    page.evaluate('window.gencloudSamePage = true')
    instance, server = f'browser-{uuid.uuid4().hex[:6]}', str(uuid.uuid4())
    inject(stack, 'GencloudBrowserAlert', 'critical', instance=instance, instance_id=server)

    # No reload: the tab's auto-refresh brings the new alert in.
    row = page.locator('#alerts tbody tr', has_text=instance)
    row.wait_for(timeout=40_000)
    assert page.evaluate('window.gencloudSamePage') is True
    assert 'Firing' in row.inner_text()
    # A UUID-shaped instance_id links to the admin instance page.
    assert row.locator(f'a[href="/admin/instances/{server}/detail"]').count() == 1
    # Prometheus' own alerts have a 24 h timeline per alert name.
    assert page.locator('.gencloud-alert-history-names svg.gencloud-alert-timeline').count() >= 1
    shot(page, 'ops-alerts')

    form = open_modal(page, row.locator('a', has_text='Silence'), 'create_silence_form')
    matchers = form.locator('#id_matchers').input_value().split()
    assert f'instance={instance}' in matchers and 'alertname=GencloudBrowserAlert' in matchers
    form.locator('#id_comment').fill('browser journey')
    shot(page, 'ops-alerts-silence')
    form.locator('[type=submit]').click()
    page.wait_for_url('**tab=gencloud_alerts_tabs__silences**')

    def alert_state() -> dict:
        [alert] = [a for a in am_alerts(stack) if a['labels'].get('instance') == instance]
        return alert['status']
    status = alert_state()
    assert status['state'] == 'suppressed'
    [silence_id] = status['silencedBy']

    silences = page.locator('#gencloud_alerts_tabs__silences')
    silence_row = silences.locator(f'tr[data-object-id="{silence_id}"]')
    assert 'browser journey' in silence_row.inner_text()
    shot(page, 'ops-alerts-silences')
    silence_row.locator('button', has_text='Expire Silence').click()
    confirm = page.locator('.modal:visible')      # Horizon asks before a delete action
    assert 'Confirm Expire Silence' in confirm.locator('.modal-title').inner_text()
    confirm.locator('.modal-footer .btn-danger', has_text='Expire Silence').click()
    page.locator('.alert-success', has_text='Expired Silence').wait_for()
    assert page.locator(f'tr[data-object-id="{silence_id}"]').count() == 0
    wait_for(lambda: alert_state()['state'] == 'active', 10, 'alert active again')
    silence = requests.get(f"{stack['alertmanager_url']}/api/v2/silence/{silence_id}",
                           timeout=5).json()
    assert silence['status']['state'] == 'expired'
    alerts = open_tab(page, 'Alerts')
    assert 'Firing' in alerts.locator('#alerts tbody tr', has_text=instance).inner_text()


def test_operations_pages_in_korean(admin_page, shot):
    page = admin_page(locale='ko-KR')
    page.goto(GPU)
    assert '운영' in page.locator('.breadcrumb').inner_text()     # our panel group
    text = page.locator('#content_body').inner_text()
    assert 'GPU 용량' in text and 'GPU Flavor 생성' in text
    assert 'GPU 장치' in text and '현재 추가 가능' in text
    shot(page, 'ops-gpu-ko')
    page.goto(RINGS)
    text = page.locator('#content_body').inner_text()
    assert '스토리지 서버' in text and '점검 결과' in text
    shot(page, 'ops-rings-ko')
    page.goto(ALERTS)
    text = page.locator('#content_body').inner_text()
    assert '알림' in text and '무음' in text
    shot(page, 'ops-alerts-ko')


def test_admin_silences_two_ticked_alerts_with_one_form(admin_page, stack, shot):
    batch = uuid.uuid4().hex[:8]
    for node in ('n1', 'n2'):
        inject(stack, 'GencloudBrowserBulk', 'warning', batch=batch, instance=f'{node}-{batch}')
    page = admin_page()
    page.goto(f'{ALERTS}?label=batch%3D{batch}')
    rows = page.locator('#alerts tbody tr[data-object-id]')  # the filter shows the batch only
    rows.nth(1).wait_for(timeout=40_000)  # the tab's auto-refresh brings them in

    for row in rows.all():  # Horizon's themed checkbox: its label is what a user clicks
        row.locator('.themable-checkbox label').click()
    assert rows.locator('input.table-row-multi-select:checked').count() == 2
    page.locator('#alerts__action_silence_selected').click()
    page.wait_for_url('**/silences/create/**')
    matchers = page.locator('#id_matchers').input_value().split()
    assert sorted(matchers) == ['alertname=GencloudBrowserBulk', f'batch={batch}',
                                'severity=warning']
    shot(page, 'ops-alerts-silence-selected')
