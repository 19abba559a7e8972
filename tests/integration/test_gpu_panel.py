"""Admin > Operations > GPU against the real nova-api of the stack."""
from __future__ import annotations

import html
import os
import re
import signal
import time
import uuid

import pytest
import requests

from devstack.api_clients import NovaClient, PlacementClient
from devstack.horizon_client import HorizonClient
from devstack.nova_servers import add_servers
from devstack.seed import admin_client

pytestmark = pytest.mark.integration

INDEX = '/admin/gencloud_gpu/'
CREATE = INDEX + 'create/'


@pytest.fixture(scope='module')
def nova(stack) -> NovaClient:
    return NovaClient(stack)


def unique(prefix: str) -> str:
    return f'{prefix}-{uuid.uuid4().hex[:6]}'


def row_cells(page: str, table: str, row_id: str) -> list[str]:
    """Visible text of the cells of one Horizon table row."""
    match = re.search(rf'<tr[^>]*id="{table}__row__{re.escape(row_id)}".*?</tr>', page, re.S)
    assert match, f'no row {row_id} in {table}'
    cells = re.findall(r'<td[^>]*>(.*?)</td>', match.group(0), re.S)
    return [' '.join(html.unescape(re.sub(r'<[^>]+>', ' ', cell)).split()) for cell in cells]


def form(flavor_name: str, **overrides) -> dict:
    data = {'name': flavor_name, 'vcpus': '16', 'ram': '65536', 'disk': '100', 'alias': 't4',
            'count': '2', 'is_public': 'on'}
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


def test_create_gpu_flavor_through_the_form(admin, nova):
    name = unique('t4.gpu')
    done = admin.post_form(CREATE, form(name))
    assert done.url.endswith(INDEX), done.text[-2000:]
    flavor = nova.flavor_by_name(name)
    assert flavor['extra_specs'] == {'pci_passthrough:alias': 't4:2'}
    assert (flavor['vcpus'], flavor['ram'], flavor['disk']) == (16, 65536, 100)
    assert flavor['os-flavor-access:is_public'] is True
    cells = row_cells(admin.get(INDEX).text, 'gpu_flavors', flavor['id'])
    assert cells[1:8] == [name, '16', '64GB', '100 GB', 'NVIDIA Tesla T4 × 2', 'Yes', '0']


def test_private_gpu_flavor_gets_project_access(admin, nova, stack):
    name = unique('a100.private')
    page = admin.get(CREATE).text
    demo_project = re.search(r'<option value="([0-9a-f]{32})"[^>]*>\s*demo\s*<', page).group(1)
    done = admin.post_form(CREATE, form(name, alias='a100', count='1', is_public=None,
                                        projects=demo_project))
    assert done.url.endswith(INDEX)
    flavor = nova.flavor_by_name(name)
    assert flavor['os-flavor-access:is_public'] is False
    access = nova.call('GET', f'/flavors/{flavor["id"]}/os-flavor-access')['flavor_access']
    assert [a['tenant_id'] for a in access] == [demo_project]


@pytest.mark.parametrize('overrides, error', [
    ({'alias': 'v100'}, 'Select a valid choice'),
    ({'count': '0'}, 'greater than or equal to 1'),
    ({'count': '17'}, 'less than or equal to 16'),
    ({'count': 'two'}, 'Enter a whole number'),
    ({'ram': '0'}, 'greater than or equal to 1'),
    ({'ram': ''}, 'This field is required'),
    ({'name': ''}, 'This field is required'),
])
def test_bad_input_is_a_form_error_and_creates_nothing(admin, nova, overrides, error):
    name = unique('bad')
    answer = admin.post_form(CREATE, form(name, **overrides))
    assert answer.status_code == 200 and answer.url.endswith(CREATE)
    assert error in html.unescape(answer.text)
    assert nova.flavor_by_name(name) is None


def test_nova_error_is_shown_to_the_admin(admin, nova):
    name = unique('dup')
    nova.create_flavor(name, {})
    answer = admin.post_form(CREATE, form(name))
    assert answer.url.endswith(CREATE)
    assert f'Nova refused the flavor: Flavor with name {name} already exists.' in \
        html.unescape(answer.text)


def test_unmapped_alias_and_non_gpu_flavors(admin, nova):
    unmapped = nova.create_flavor(unique('v100'), {'pci_passthrough:alias': 'v100:1, t4:1'})
    vgpu = nova.create_flavor(unique('vgpu'), {'resources:VGPU': '1'})
    plain = nova.create_flavor(unique('plain'), {'hw:cpu_policy': 'dedicated'})
    page = admin.get(INDEX).text
    assert row_cells(page, 'gpu_flavors', unmapped['id'])[5] == \
        'v100 × 1, NVIDIA Tesla T4 × 1 unmapped alias'
    assert row_cells(page, 'gpu_flavors', vgpu['id'])[5] == 'vGPU × 1'
    assert f'gpu_flavors__row__{plain["id"]}' not in page


def test_forms_open_as_modals_and_as_pages(admin, nova):
    """The table's ajax-modal links GET the `_` template; a plain GET gets a whole page."""
    flavor = nova.create_flavor(unique('t4.modal'), {'pci_passthrough:alias': 't4:1'})
    for path, form_id in ((CREATE, 'create_gpu_flavor_form'),
                          (f'{INDEX}{flavor["id"]}/edit_count/', 'edit_gpu_count_form')):
        modal = admin.get(path, headers={'X-Requested-With': 'XMLHttpRequest'})
        assert modal.status_code == 200 and f'id="{form_id}"' in modal.text
        assert '<body' not in modal.text
        page = admin.get(path)
        assert page.status_code == 200 and f'id="{form_id}"' in page.text
        assert '<body' in page.text and 'id="sidebar-accordion"' in page.text


def test_edit_gpu_count(admin, nova):
    flavor = nova.create_flavor(unique('t4.edit'), {'pci_passthrough:alias': 't4:1'})
    path = f'{INDEX}{flavor["id"]}/edit_count/'
    assert 'value="1"' in admin.get(path).text
    done = admin.post_form(path, {'flavor_id': flavor['id'], 'key': 'pci_passthrough:alias',
                                  'gpu': 't4', 'name': flavor['name'], 'count': '4'})
    assert done.url.endswith(INDEX)
    assert nova.flavor_by_name(flavor['name'])['extra_specs'] == \
        {'pci_passthrough:alias': 't4:4'}


def test_edit_refuses_a_non_gpu_key(admin, nova):
    flavor = nova.create_flavor(unique('t4.key'), {'pci_passthrough:alias': 't4:1'})
    path = f'{INDEX}{flavor["id"]}/edit_count/'
    answer = admin.post_form(path, {'flavor_id': flavor['id'], 'key': 'hw:cpu_policy',
                                    'gpu': 't4', 'name': flavor['name'], 'count': '2'})
    assert 'hw:cpu_policy is not a GPU extra spec.' in answer.text
    assert nova.flavor_by_name(flavor['name'])['extra_specs'] == \
        {'pci_passthrough:alias': 't4:1'}


def test_delete_gpu_flavor(admin, nova):
    flavor = nova.create_flavor(unique('t4.del'), {'pci_passthrough:alias': 't4:1'})
    admin.get(INDEX)
    done = admin.post_form(INDEX, {'action': f'gpu_flavors__delete__{flavor["id"]}'})
    assert done.status_code == 200
    assert nova.flavor_by_name(flavor['name']) is None


def test_server_filter_by_model(admin, nova):
    t4 = nova.create_flavor(unique('flt'), {'pci_passthrough:alias': 't4:1'})
    a100 = nova.create_flavor(unique('flt'), {'pci_passthrough:alias': 'a100:1'})
    param = 'gpu_flavors__gpu_flavors_filter__q'
    page = admin.post_form(INDEX, {param: 'A100', param + '_field': 'gpus'}).text
    assert f'gpu_flavors__row__{a100["id"]}' in page
    assert f'gpu_flavors__row__{t4["id"]}' not in page
    admin.post_form(INDEX, {param: '', param + '_field': 'gpus'})


def test_capacity_from_placement(admin, stack):
    placement = PlacementClient(stack)
    host = unique('compute')
    root = placement.provider(host)
    placement.inventory(root, 'VCPU', 64)
    for device, used in (('81', 1), ('82', 0)):  # two T4s, one in use
        child = placement.provider(f'{host}_pci_0000_{device}_00_0', root)
        placement.inventory(child, 'CUSTOM_PCI_10DE_1EB8', 1)
        if used:
            placement.allocate(child, 'CUSTOM_PCI_10DE_1EB8', used)
    vgpu = placement.provider(f'{host}_vgpu', root)
    placement.inventory(vgpu, 'VGPU', 8)
    placement.allocate(vgpu, 'VGPU', 6)
    page = admin.get(INDEX).text
    assert 'Placement (resource provider inventories and usages)' in page
    assert row_cells(page, 'gpu_capacity', f'{host}/NVIDIA Tesla T4') == \
        [host, 'NVIDIA Tesla T4', '2', '1', '1']
    assert row_cells(page, 'gpu_capacity', f'{host}/vGPU') == [host, 'vGPU', '8', '6', '2']
    assert re.search(r'class="pie-chart-usage" data-used="\d+"', page)


@pytest.fixture
def without_placement(stack):
    """Placement's endpoints disabled in Keystone (tokens issued meanwhile lack it)."""
    keystone = admin_client(stack['keystone_url'])
    service = keystone.services.list(type='placement')[0]
    endpoints = keystone.endpoints.list(service=service)
    for endpoint in endpoints:
        keystone.endpoints.update(endpoint, enabled=False)
    try:
        yield
    finally:
        for endpoint in endpoints:
            keystone.endpoints.update(endpoint, enabled=True)


def test_capacity_from_servers_without_placement(nova, stack, without_placement):
    flavor = nova.create_flavor(unique('t4.cap'), {'pci_passthrough:alias': 't4:2'})
    host = unique('gpu-node')
    add_servers(stack['nova_config_dir'], flavor['id'], 3, host)
    client = HorizonClient(stack['horizon_url'])
    client.login('admin', stack['logins']['admin']['password'])
    page = client.get(INDEX).text
    assert row_cells(page, 'gpu_flavors', flavor['id'])[7:9] == ['3', 'unknown']
    assert 'Placement is not available: GPU devices and their holders are unknown.' in page
    assert 'Nova servers (Placement not available: totals unknown)' in page
    cells = row_cells(page, 'gpu_capacity', f'{host}/NVIDIA Tesla T4')
    assert cells == [host, 'NVIDIA Tesla T4', 'unknown', '6', 'unknown']
    assert re.search(r'Allocated \d+ \(total unknown\)', page)


def index_while_stopped(admin, stack, service: str):
    """(GPU panel response, its section errors) while SERVICE is SIGSTOPped (hung)."""
    pid = stack['pids'][service]
    os.killpg(pid, signal.SIGSTOP)
    try:
        page = admin.get(INDEX)
    finally:
        os.killpg(pid, signal.SIGCONT)
    assert page.status_code == 200
    return page, re.findall(r'gencloud-section-error.*?</div>', page.text, re.S)


def test_stopped_placement_is_a_capacity_error_only(admin, nova, stack):
    flavor = nova.create_flavor(unique('t4.pl'), {'pci_passthrough:alias': 't4:1'})
    page, errors = index_while_stopped(admin, stack, 'placement-api')
    # fits now (flavors), capacity and devices each say so; the flavors still list
    assert len(errors) == 3 and all('placement did not answer within 5' in e for e in errors)
    assert f'gpu_flavors__row__{flavor["id"]}' in page.text
    assert row_cells(page.text, 'gpu_flavors', flavor['id'])[8] == 'unknown'


def test_stopped_nova_is_a_section_error_not_a_500(admin, stack):
    """SIGSTOP: Nova accepts connections but never answers (down or hung)."""
    pid = stack['pids']['nova-api']
    os.killpg(pid, signal.SIGSTOP)
    try:
        page = admin.get(INDEX)
        other = admin.get('/admin/gencloud_alerts/')
    finally:
        os.killpg(pid, signal.SIGCONT)
    assert page.status_code == 200
    errors = re.findall(r'gencloud-section-error.*?</div>', page.text, re.S)
    # the flavors section, and the devices section's holders
    assert len(errors) == 2 and all('compute did not answer within 5' in e for e in errors)
    assert 'Placement (resource provider inventories and usages)' in page.text
    assert other.status_code == 200


T4_RC = 'CUSTOM_PCI_10DE_1EB8'


def fits(admin, flavor_id: str) -> int:
    return int(row_cells(admin.get(INDEX).text, 'gpu_flavors', flavor_id)[8])


def test_fits_n_more_counts_gpus_and_host_vcpus(admin, nova, stack):
    placement = PlacementClient(stack)
    flavor = nova.create_flavor(unique('t4.fits'), {'pci_passthrough:alias': 't4:2'},
                                vcpus=16)
    before = fits(admin, flavor['id'])
    host = unique('fits-node')
    root = placement.provider(host)
    placement.inventory(root, 'VCPU', 40)
    devices = [placement.provider(f'{host}_0000:8{n}:00.0', root) for n in range(5)]
    for device in devices:
        placement.inventory(device, T4_RC, 1)
    assert fits(admin, flavor['id']) == before + 2  # min(5 // 2, 40 // 16)
    placement.allocate(devices[0], T4_RC, 1, more={devices[1]: {T4_RC: 1}, root: {'VCPU': 16}})
    assert fits(admin, flavor['id']) == before + 1  # min(3 // 2, 24 // 16)


def server_on(nova, stack, host: str) -> dict:
    flavor = nova.create_flavor(unique('t4.held'), {'pci_passthrough:alias': 't4:1'})
    add_servers(stack['nova_config_dir'], flavor['id'], 1, host)
    found = nova.call('GET', '/servers/detail?all_tenants=1', '2.47')['servers']
    return next(s for s in found if s['OS-EXT-SRV-ATTR:host'] == host)


def device_cells(page: str, provider: str, rc: str) -> list[str]:
    return row_cells(page, 'gpu_devices', f'{provider}/{rc}')


@pytest.fixture(scope='module')
def gpu_host(nova, stack) -> dict:
    """A host with a held T4, a one-time-use T4 waiting for cleanup, a T4 held by a
    consumer that is no server, and two vGPU-hosting GPUs (one idle) held by the server."""
    placement = PlacementClient(stack)
    host = unique('dev-node')
    server = server_on(nova, stack, host)
    root = placement.provider(host)
    made = {name: placement.provider(f'{host}_{address}', root) for name, address in (
        ('held', '0000:81:00.0'), ('cleanup', '0000:82:00.0'), ('other', '0000:83:00.0'),
        ('idle', '0000:c1:00.0'), ('busy', '0000:c2:00.0'))}
    for name in ('held', 'cleanup', 'other'):
        placement.inventory(made[name], T4_RC, 1, reserved=int(name == 'cleanup'))
    placement.traits(made['cleanup'], ['HW_PCI_ONE_TIME_USE'])
    placement.allocate(made['other'], T4_RC, 1)
    for name in ('idle', 'busy'):
        placement.inventory(made[name], 'VGPU', 4)
    placement.allocate(made['idle'], 'VGPU', 1, consumer=server['id'],
                       more={made['busy']: {'VGPU': 1}, made['held']: {T4_RC: 1}})
    series = ''.join(
        f'DCGM_FI_DEV_GPU_UTIL{{Hostname="{host}",pci_bus_id="00000000:{bus}:00.0",gpu="{n}"}}'
        f' {util}\nDCGM_FI_DEV_FB_USED{{Hostname="{host}",pci_bus_id="00000000:{bus}:00.0",'
        f'gpu="{n}"}} {memory}\n'
        for n, (bus, util, memory) in enumerate((('C1', 1, 512), ('C2', 80, 20480))))
    requests.post(stack['exporter_url'] + '/metrics', data=series, timeout=5).raise_for_status()
    return {'host': host, 'server': server, **made}


def devices_page(admin, gpu_host: dict) -> str:
    """The page once Prometheus has scraped the host's DCGM series (every second).

    Waits on the idle device's own row: the tab's help text names the flag too.
    """
    deadline = time.monotonic() + 30
    while True:
        page = admin.get(INDEX).text
        if (f'gpu_devices__row__{gpu_host["idle"]}/VGPU' in page
                and 'idle' in device_cells(page, gpu_host['idle'], 'VGPU')[4]):
            return page
        if time.monotonic() > deadline:
            return page
        time.sleep(0.5)


def test_devices_holders_cleanup_and_utilization(admin, gpu_host):
    page = devices_page(admin, gpu_host)
    server = gpu_host['server']
    held = device_cells(page, gpu_host['held'], T4_RC)
    assert held[:3] == [gpu_host['host'], '0000:81:00.0', 'NVIDIA Tesla T4']
    assert held[3] == f"{server['name']} (project {server['tenant_id']})"
    assert f'href="/admin/instances/{server["id"]}/detail"' in page
    assert held[4:] == ['-', '-', 'No DCGM series: a passthrough GPU is visible to DCGM '
                        'only inside the guest.']
    assert device_cells(page, gpu_host['cleanup'], T4_RC)[3] == 'waiting for cleanup'
    other = device_cells(page, gpu_host['other'], T4_RC)[3]
    assert re.fullmatch(r'[0-9a-f-]{36}', other)  # a consumer that is no Nova server
    idle = device_cells(page, gpu_host['idle'], 'VGPU')
    assert idle[1:] == ['0000:c1:00.0', 'vGPU', f"{server['name']} (project "
                        f"{server['tenant_id']})", '1 % allocated but idle', '512 MiB', '']
    busy = device_cells(page, gpu_host['busy'], 'VGPU')
    assert busy[4:6] == ['80 %', '20480 MiB']


def test_stopped_prometheus_is_a_utilization_error_only(admin, stack, gpu_host):
    page, errors = index_while_stopped(admin, stack, 'prometheus')
    assert len(errors) == 1 and 'GPU utilization is unknown' in errors[0]
    assert 'no answer within 2 s' in errors[0]
    held = device_cells(page.text, gpu_host['held'], T4_RC)
    assert held[3].startswith(gpu_host['server']['name']) and held[4:] == ['-', '-', '']
