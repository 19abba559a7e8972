"""GPU extra-spec parsing and capacity aggregation (pure logic)."""
from __future__ import annotations

import pytest

from gencloud_ops_panel.logic import gpu as g

ALIASES = g.load_aliases({
    't4': {'model': 'NVIDIA Tesla T4', 'vendor_id': '10de', 'product_id': '1eb8'},
    'a100': {'model': 'NVIDIA A100', 'vendor_id': '10DE', 'product_id': '20b0',
             'resource_class': 'CUSTOM_A100'},
})


def test_default_resource_class_is_nova_naming():
    assert ALIASES['t4'].resource_class == 'CUSTOM_PCI_10DE_1EB8'
    assert ALIASES['a100'].resource_class == 'CUSTOM_A100'
    assert ALIASES['a100'].vendor_id == '10de'


@pytest.mark.parametrize('setting, message', [
    ([], 'must be a dict'),
    ({'t4': 'x'}, "GENCLOUD_GPU_ALIASES['t4'] must be a dict"),
    ({'t4': {'model': 'T4', 'vendor_id': '10de'}}, 'lacks product_id'),
    ({'t4': {'model': 'T4', 'vendor_id': '10dez', 'product_id': '1eb8'}}, '4 hex digits'),
])
def test_bad_alias_setting_names_the_problem(setting, message):
    with pytest.raises(g.ConfigError, match=message.replace('[', r'\[').replace(']', r'\]')):
        g.load_aliases(setting)


@pytest.mark.parametrize('value, expected', [
    ('t4:2', [('t4', 2)]),
    ('t4:1, a100:2', [('t4', 1), ('a100', 2)]),
    (' t4 : 1 ,a100:2 ', [('t4', 1), ('a100', 2)]),
])
def test_parse_alias_spec(value, expected):
    assert g.parse_alias_spec(value) == expected
    assert g.parse_alias_spec(g.format_alias_spec(expected)) == expected


@pytest.mark.parametrize('value', ['t4', 't4:abc', 't4:2,', ':2', 't4:-1', ''])
def test_malformed_alias_spec(value):
    with pytest.raises(ValueError):
        g.parse_alias_spec(value)


def test_gpu_requests_from_every_kind_of_spec():
    specs = {'pci_passthrough:alias': 't4:1, v100:2', 'resources:VGPU': '1',
             'resources1:CUSTOM_A100': '4', 'resources:CUSTOM_OTHER': '1',
             'hw:cpu_policy': 'dedicated'}
    requests = g.gpu_requests(specs, ALIASES)
    assert [(r.name, r.count, r.model) for r in requests] == [
        ('t4', 1, 'NVIDIA Tesla T4'), ('v100', 2, None),
        ('CUSTOM_A100', 4, 'NVIDIA A100'), ('VGPU', 1, 'vGPU')]
    assert g.describe(requests) == 'NVIDIA Tesla T4 × 1, v100 × 2, NVIDIA A100 × 4, vGPU × 1'


def test_non_gpu_flavor_and_malformed_alias():
    assert g.gpu_requests({'hw:mem_page_size': 'large'}, ALIASES) == []
    [bad] = g.gpu_requests({'pci_passthrough:alias': 't4:x'}, ALIASES)
    assert (bad.count, bad.mapped) == (0, False)


def _server(flavor, specs, host):
    return {'flavor': {'original_name': flavor, 'extra_specs': specs},
            'OS-EXT-SRV-ATTR:host': host}


SERVERS = [_server('t4.gpu', {'pci_passthrough:alias': 't4:2'}, 'n1'),
           _server('t4.gpu', {'pci_passthrough:alias': 't4:2'}, 'n2'),
           _server('mix', {'pci_passthrough:alias': 't4:1, zz:1'}, 'n1'),
           _server('m1.small', {}, 'n1')]


def test_gpu_flavor_rows_count_servers_and_flag_unmapped():
    flavors = [
        {'id': '1', 'name': 't4.gpu', 'vcpus': 16, 'ram': 65536, 'disk': 100,
         'os-flavor-access:is_public': True, 'extra_specs': {'pci_passthrough:alias': 't4:2'}},
        {'id': '2', 'name': 'mix', 'vcpus': 4, 'ram': 1024, 'disk': 10,
         'os-flavor-access:is_public': False,
         'extra_specs': {'pci_passthrough:alias': 't4:1, zz:1'}},
        {'id': '3', 'name': 'm1.small', 'vcpus': 1, 'ram': 512, 'disk': 1, 'extra_specs': {}},
    ]
    rows = g.gpu_flavor_rows(flavors, SERVERS, ALIASES)
    assert [(r['name'], r['servers'], r['unmapped'], r['is_public']) for r in rows] == [
        ('t4.gpu', 2, [], True), ('mix', 1, ['zz'], False)]
    assert rows[0]['gpus'] == 'NVIDIA Tesla T4 × 2'


def test_allocated_from_servers_per_host_and_model():
    rows = g.allocated_from_servers(SERVERS, ALIASES)
    assert rows == [
        {'host': 'n1', 'model': 'NVIDIA Tesla T4', 'total': None, 'allocated': 3, 'free': None},
        {'host': 'n1', 'model': 'zz', 'total': None, 'allocated': 1, 'free': None},
        {'host': 'n2', 'model': 'NVIDIA Tesla T4', 'total': None, 'allocated': 2, 'free': None},
    ]
    assert g.per_model(rows)[0] == {'model': 'NVIDIA Tesla T4', 'total': None,
                                    'allocated': 5, 'free': None}


def test_capacity_from_placement_uses_root_provider_as_host():
    providers = [
        {'uuid': 'c1', 'name': 'compute1', 'root_provider_uuid': 'c1'},
        {'uuid': 'p1', 'name': 'compute1_0000:81:00.0', 'root_provider_uuid': 'c1'},
        {'uuid': 'p2', 'name': 'compute1_0000:82:00.0', 'root_provider_uuid': 'c1'},
        {'uuid': 'v1', 'name': 'compute1_pci_0000_84_00_0', 'root_provider_uuid': 'c1'},
    ]
    inventories = {
        'c1': {'VCPU': {'total': 64, 'reserved': 0}},
        'p1': {'CUSTOM_PCI_10DE_1EB8': {'total': 1, 'reserved': 0}},
        'p2': {'CUSTOM_PCI_10DE_1EB8': {'total': 1, 'reserved': 0}},
        'v1': {'VGPU': {'total': 8, 'reserved': 2}},
    }
    usages = {'p1': {'CUSTOM_PCI_10DE_1EB8': 1}, 'v1': {'VGPU': 1}}
    rows = g.capacity_from_placement(providers, inventories, usages, ALIASES)
    assert rows == [
        {'host': 'compute1', 'model': 'NVIDIA Tesla T4', 'total': 2, 'allocated': 1, 'free': 1},
        {'host': 'compute1', 'model': 'vGPU', 'total': 6, 'allocated': 1, 'free': 5},
    ]
    assert g.per_model(rows + [{'host': 'x', 'model': 'vGPU', 'total': 2, 'allocated': 2,
                                'free': 0}])[1] == {'model': 'vGPU', 'total': 8,
                                                    'allocated': 3, 'free': 5}


@pytest.mark.parametrize('field, value, names', [
    ('name', 'T4', ['t4.gpu']),
    ('gpus', 'tesla', ['t4.gpu', 'mix']),
    ('is_public', 'no', ['mix']),
    ('min_ram', '2048', ['t4.gpu']),
    ('min_disk', '10', ['t4.gpu', 'mix']),
    ('min_ram', 'lots', []),
    ('name', '', ['t4.gpu', 'mix']),
])
def test_filter_rows(field, value, names):
    rows = [{'name': 't4.gpu', 'gpus': 'NVIDIA Tesla T4 × 2', 'is_public': True,
             'ram': 65536, 'disk': 100},
            {'name': 'mix', 'gpus': 'NVIDIA Tesla T4 × 1, zz × 1', 'is_public': False,
             'ram': 1024, 'disk': 10}]
    assert [r['name'] for r in g.filter_rows(rows, field, value)] == names
