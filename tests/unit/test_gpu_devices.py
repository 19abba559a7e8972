"""Fits N more, device holders, one-time use and DCGM utilization (pure logic)."""
from __future__ import annotations

import pytest

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import placement
from gencloud_ops_panel.logic import gpu as g

ALIASES = g.load_aliases({
    't4': {'model': 'NVIDIA Tesla T4', 'vendor_id': '10de', 'product_id': '1eb8'},
    'a100': {'model': 'NVIDIA A100', 'vendor_id': '10de', 'product_id': '20b0'},
})
T4, A100 = 'CUSTOM_PCI_10DE_1EB8', 'CUSTOM_PCI_10DE_20B0'


def summary(root: str | None, **resources) -> dict:
    return {'root_provider_uuid': root, 'parent_provider_uuid': root,
            'resources': {rc: {'capacity': cap, 'used': used}
                          for rc, (cap, used) in resources.items()}}


# host-1: 4 T4 (1 used), 64 vCPUs (40 used); host-2: 2 T4 + 2 A100 free, no root inventory.
SUMMARIES = {
    'h1': summary('h1', VCPU=(64, 40), MEMORY_MB=(262144, 0)),
    **{f'h1-t4-{n}': summary('h1', **{T4: (1, int(n == 0))}) for n in range(4)},
    'h2': summary('h2'),
    'h2-t4-0': summary('h2', **{T4: (1, 0)}), 'h2-t4-1': summary('h2', **{T4: (1, 0)}),
    'h2-a100-0': summary('h2', **{A100: (1, 0)}), 'h2-a100-1': summary('h2', **{A100: (1, 0)}),
}


def flavor(specs: dict, vcpus: int = 8, ram: int = 1024, disk: int = 10) -> dict:
    return {'id': 'f', 'name': 'f', 'vcpus': vcpus, 'ram': ram, 'disk': disk,
            'extra_specs': specs}


@pytest.mark.parametrize('specs, vcpus, fits', [
    ({'pci_passthrough:alias': 't4:1'}, 8, 3 + 2),    # host-1: 3 T4 free, 24 // 8 = 3
    ({'pci_passthrough:alias': 't4:1'}, 12, 2 + 2),   # host-1 short of vCPUs: 24 // 12
    ({'pci_passthrough:alias': 't4:2'}, 4, 1 + 1),    # 3 // 2 and 2 // 2
    ({'pci_passthrough:alias': 't4:1, a100:1'}, 4, 0 + 2),  # host-1 has no A100
    ({'pci_passthrough:alias': 'a100:2'}, 4, 1),
    ({'resources:VGPU': '1'}, 4, 0),                  # no VGPU anywhere
    ({'pci_passthrough:alias': 'k80:1'}, 4, None),    # unmapped alias: unknown
])
def test_fits_more_per_flavor(specs, vcpus, fits):
    rows = g.gpu_flavor_rows([flavor(specs, vcpus=vcpus)], [], ALIASES)
    g.add_fits(rows, SUMMARIES, ALIASES)
    assert rows[0]['fits'] == fits


def test_fits_is_unknown_without_placement():
    rows = g.gpu_flavor_rows([flavor({'pci_passthrough:alias': 't4:1'})], [], ALIASES)
    g.add_fits(rows, None, ALIASES)
    assert rows[0]['fits'] is None


def test_over_allocated_root_counts_as_nothing_free():
    trees = g.free_per_tree({'h': summary('h', VCPU=(8, 10)),
                             'd': summary('h', **{T4: (1, 0)})})
    assert trees['h'][1] == {'VCPU': 0}
    row = g.gpu_flavor_rows([flavor({'pci_passthrough:alias': 't4:1'})], [], ALIASES)[0]
    assert g.fits_more(row, g.flavor_needs(row, ALIASES), trees) == 0


def test_flavor_classes_are_distinct():
    rows = g.gpu_flavor_rows(
        [flavor({'pci_passthrough:alias': 't4:1'}), flavor({'pci_passthrough:alias': 't4:2'}),
         flavor({'pci_passthrough:alias': 'k80:1, a100:1'}), flavor({'resources:VGPU': '2'})],
        [], ALIASES)
    assert g.flavor_classes(rows, ALIASES) == {T4, A100, 'VGPU'}


def test_free_capacity_asks_once_per_known_class(monkeypatch):
    seen = []

    def fake_call(request, service, method, path, version, params=None):
        seen.append((path, version, params))
        if path == '/resource_classes':
            return {'resource_classes': [{'name': T4}, {'name': 'VCPU'}]}
        return {'provider_summaries': {'d': summary('h', **{T4: (1, 0)})}}

    monkeypatch.setattr(placement, 'call', fake_call)
    found = placement.free_capacity(None, {T4, A100})
    assert list(found) == ['d']
    assert seen == [('/resource_classes', '1.14', None),
                    ('/allocation_candidates', '1.29', {'resources': f'{T4}:1'})]


@pytest.mark.parametrize('text, address', [
    ('00000000:81:00.0', '0000:81:00.0'), ('0000:C1:00.1', '0000:c1:00.1'),
    ('pci_0000_81_00_0', '0000:81:00.0'), ('compute-1_0000:82:00.0', '0000:82:00.0'),
    ('compute-1_vgpu', None), ('', None),
])
def test_pci_address_normalised(text, address):
    assert g.pci_address(text) == address


PROVIDERS = [
    {'uuid': 'root', 'name': 'gpu1.example', 'root_provider_uuid': 'root'},
    {'uuid': 'd81', 'name': 'gpu1.example_0000:81:00.0', 'root_provider_uuid': 'root'},
    {'uuid': 'd82', 'name': 'gpu1.example_0000:82:00.0', 'root_provider_uuid': 'root'},
    {'uuid': 'd83', 'name': 'gpu1.example_0000:83:00.0', 'root_provider_uuid': 'root'},
    {'uuid': 'vg', 'name': 'gpu1.example_0000:c1:00.0', 'root_provider_uuid': 'root'},
]
INVENTORIES = {
    'root': {'VCPU': {'total': 64, 'reserved': 0}},
    'd81': {T4: {'total': 1, 'reserved': 0}}, 'd82': {T4: {'total': 1, 'reserved': 1}},
    'd83': {T4: {'total': 1, 'reserved': 0}}, 'vg': {'VGPU': {'total': 8, 'reserved': 0}},
}
ALLOCATIONS = {
    'd81': {'srv-1': {'resources': {T4: 1}}},
    'vg': {'srv-2': {'resources': {'VGPU': 1}}, 'gone': {'resources': {'VGPU': 2}}},
}
SERVERS = [{'id': 'srv-1', 'name': 'train-1', 'tenant_id': 'p1'},
           {'id': 'srv-2', 'name': 'desk-1', 'tenant_id': 'p2'}]


def devices() -> list[dict]:
    return g.device_rows(PROVIDERS, INVENTORIES, ALLOCATIONS, {'d82'}, SERVERS, ALIASES)


def test_device_rows_holders_and_cleanup():
    rows = {row['device']: row for row in devices()}
    assert set(rows) == {'0000:81:00.0', '0000:82:00.0', '0000:83:00.0', '0000:c1:00.0'}
    assert rows['0000:81:00.0']['holders'] == [
        {'consumer': 'srv-1', 'amount': 1, 'server': 'train-1', 'project': 'p1'}]
    assert rows['0000:81:00.0']['host'] == 'gpu1.example'
    assert rows['0000:82:00.0']['state'] == 'cleanup'
    assert rows['0000:83:00.0']['state'] == 'free'
    vgpu = rows['0000:c1:00.0']
    assert (vgpu['model'], vgpu['passthrough'], vgpu['state']) == ('vGPU', False, 'held')
    assert [h['server'] for h in vgpu['holders']] == [None, 'desk-1']


def test_reserved_device_without_the_trait_is_not_waiting_for_cleanup():
    rows = g.device_rows(PROVIDERS, INVENTORIES, ALLOCATIONS, set(), SERVERS, ALIASES)
    assert {row['state'] for row in rows if row['device'] == '0000:82:00.0'} == {'free'}


def test_usages_from_allocations():
    assert g.usages_from_allocations(ALLOCATIONS) == {'d81': {T4: 1}, 'vg': {'VGPU': 3}}


def vector(*series) -> dict:
    return {'status': 'success', 'data': {'resultType': 'vector', 'result': [
        {'metric': {'Hostname': host, 'pci_bus_id': bus, 'gpu': '0'}, 'value': [0, value]}
        for host, bus, value in series]}}


def test_utilization_joined_and_idle_flagged():
    rows = devices()
    util = g.parse_vector(vector(('gpu1', '00000000:C1:00.0', '2'),
                                 ('gpu1', '00000000:83:00.0', '1'), ('other', '0:0:0.0', '9')))
    memory = g.parse_vector(vector(('GPU1', '00000000:C1:00.0', '1024')))
    g.add_utilization(rows, util, memory, util, idle_percent=5)
    by_device = {row['device']: row for row in rows}
    vgpu = by_device['0000:c1:00.0']
    assert (vgpu['utilization'], vgpu['memory_used'], vgpu['idle']) == (2.0, 1024.0, True)
    assert by_device['0000:83:00.0']['idle'] is False  # idle but free: nothing to flag
    held = by_device['0000:81:00.0']
    assert held['checked'] and held['utilization'] is None and held['passthrough']


def test_busy_in_the_window_is_not_idle():
    rows = devices()
    now = g.parse_vector(vector(('gpu1', '00000000:C1:00.0', '1')))
    busiest = g.parse_vector(vector(('gpu1', '00000000:C1:00.0', '70')))
    g.add_utilization(rows, now, {}, busiest, idle_percent=5)
    assert not any(row['idle'] for row in rows)


@pytest.mark.parametrize('body', [
    {'status': 'error', 'error': 'bad query'},
    {'status': 'success', 'data': {'resultType': 'matrix', 'result': []}},
])
def test_parse_vector_refuses_other_answers(body):
    with pytest.raises(ValueError):
        g.parse_vector(body)


def test_dcgm_queries_use_the_window():
    assert g.dcgm_queries('30m')['busiest'] == 'max_over_time(DCGM_FI_DEV_GPU_UTIL[30m])'
    with pytest.raises(g.ConfigError, match='GENCLOUD_GPU_IDLE_WINDOW'):
        g.dcgm_queries('1 hour')


def test_idle_settings_defaults_and_overrides(settings):
    assert (conf.get().gpu_idle_percent, conf.get().gpu_idle_window) == (5.0, '1h')
    settings.GENCLOUD_GPU_IDLE_PERCENT, settings.GENCLOUD_GPU_IDLE_WINDOW = '10', '15m'
    assert (conf.get().gpu_idle_percent, conf.get().gpu_idle_window) == (10.0, '15m')
