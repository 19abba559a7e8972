"""Demo-only data for `./dev demo`: GPU flavors, servers using them, GPU inventory.

The tests create their own data; this gives a person clicking through the
demo something to look at in Admin > Operations > GPU.
"""
from __future__ import annotations

from devstack import nova_servers
from devstack.api_clients import NovaClient, PlacementClient

# name, vCPUs, RAM MiB, disk GiB, extra specs, servers running it
FLAVORS = [
    ('t4.gpu', 16, 65536, 100, {'pci_passthrough:alias': 't4:2'}, 3),
    ('t4.xlarge', 8, 32768, 50, {'pci_passthrough:alias': 't4:1'}, 2),
    ('a100.x2', 32, 131072, 200, {'pci_passthrough:alias': 'a100:2'}, 1),
    ('mixed.gpu', 32, 131072, 200, {'pci_passthrough:alias': 't4:1, a100:1'}, 0),
    ('legacy.k80', 8, 32768, 50, {'pci_passthrough:alias': 'k80:1'}, 0),  # unmapped alias
    ('m1.medium', 2, 4096, 20, {}, 2),
]
# compute host -> {resource class: GPUs in it}
INVENTORY = {
    'compute-1': {'CUSTOM_PCI_10DE_1EB8': 8},
    'compute-2': {'CUSTOM_PCI_10DE_20B0': 4, 'CUSTOM_PCI_10DE_1EB8': 2},
}


def seed(info: dict) -> None:
    if 'nova_url' not in info:
        return
    nova = NovaClient(info)
    groups = []
    for number, (name, vcpus, ram, disk, specs, servers) in enumerate(FLAVORS):
        flavor = nova.create_flavor(name, specs, vcpus=vcpus, ram=ram, disk=disk)
        if servers:
            groups.append((flavor['id'], servers, f'compute-{number % 2 + 1}'))
    nova_servers.add_server_groups(info['nova_config_dir'], groups)
    if 'placement_url' in info:
        placement = PlacementClient(info)
        for host, inventory in INVENTORY.items():
            root = placement.provider(host)
            for resource_class, total in inventory.items():
                child = placement.provider(f'{host}_{resource_class.lower()}', parent=root)
                placement.inventory(child, resource_class, total)
                placement.allocate(child, resource_class, total // 2)
