"""Demo-only data for `./dev demo`: GPU flavors, servers using them, GPU devices.

The tests create their own data; this gives a person clicking through the
demo something to look at in Admin > Operations > GPU: one Placement child
provider per GPU (`<host>_<pci address>`), held by the demo servers, one
one-time-use T4 waiting for cleanup, and two vGPU-hosting GPUs whose DCGM
series the demo exporter serves (devstack/demo_exporter.py, one of them idle).
"""
from __future__ import annotations

from devstack import nova_servers
from devstack import seed as seed_users
from devstack.api_clients import NovaClient, PlacementClient

T4, A100 = 'CUSTOM_PCI_10DE_1EB8', 'CUSTOM_PCI_10DE_20B0'
# name, vCPUs, RAM MiB, disk GiB, extra specs, servers running it, host
FLAVORS = [
    ('t4.gpu', 16, 65536, 100, {'pci_passthrough:alias': 't4:2'}, 3, 'compute-1'),
    ('t4.xlarge', 8, 32768, 50, {'pci_passthrough:alias': 't4:1'}, 2, 'compute-2'),
    ('a100.x2', 32, 131072, 200, {'pci_passthrough:alias': 'a100:2'}, 1, 'compute-2'),
    ('mixed.gpu', 32, 131072, 200, {'pci_passthrough:alias': 't4:1, a100:1'}, 0, ''),
    ('vgpu.desktop', 4, 8192, 40, {'resources:VGPU': '1'}, 2, 'compute-2'),
    ('legacy.k80', 8, 32768, 50, {'pci_passthrough:alias': 'k80:1'}, 0, ''),  # unmapped
    ('m1.medium', 2, 4096, 20, {}, 2, 'compute-2'),
]
# host -> (vCPUs, RAM MiB, disk GiB, [(pci address, resource class, total)])
HOSTS = {
    'compute-1': (96, 524288, 2000, [(f'0000:{bus}:00.0', T4, 1)
                                     for bus in ('81', '82', '83', '84', '85', '86', '87', '88')]),
    'compute-2': (128, 1048576, 4000, [
        ('0000:41:00.0', A100, 1), ('0000:42:00.0', A100, 1), ('0000:43:00.0', A100, 1),
        ('0000:61:00.0', T4, 1), ('0000:62:00.0', T4, 1),
        ('0000:c1:00.0', 'VGPU', 4), ('0000:c2:00.0', 'VGPU', 4)]),
}
ONE_TIME_USE = ('compute-1', '0000:88:00.0')  # released, reserved until cleaned


FIRST_LOGIN = {'username': 'firstlogin', 'password': 'firstlogin-temporary-1', 'mfa': True,
               'totp_secret': None, 'temporary': True}


def seed_first_login(the_stack) -> None:
    """A user an admin created with a temporary password (issue 25.2): created through
    a short-lived Keystone with change_password_upon_first_use, so Keystone stores the
    password as already expired; the stack's own Keystone then asks for a new one."""
    url = the_stack.start_compliance_keystone({'change_password_upon_first_use': 'true'})
    try:
        kc = seed_users.admin_client(url)
        project = kc.projects.list(name='demo')[0]
        seed_users.create_user(kc, FIRST_LOGIN['username'], FIRST_LOGIN['password'],
                               project, mfa=True)
    finally:
        the_stack.stop('keystone-compliance')
    the_stack.info['logins']['firstlogin'] = dict(FIRST_LOGIN)


def seed(info: dict) -> None:
    if 'nova_url' not in info:
        return
    nova = NovaClient(info)
    groups, wants = [], {}
    for name, vcpus, ram, disk, specs, servers, host in FLAVORS:
        flavor = nova.create_flavor(name, specs, vcpus=vcpus, ram=ram, disk=disk)
        wants[name] = (vcpus, ram, disk, specs)
        if servers:
            groups.append((flavor['id'], servers, host))
    nova_servers.add_server_groups(info['nova_config_dir'], groups)
    if 'placement_url' in info:
        servers = nova.call('GET', '/servers/detail?all_tenants=1', '2.47')['servers']
        _seed_placement(PlacementClient(info), servers, wants)


def _seed_placement(placement: PlacementClient, servers: list[dict], wants: dict) -> None:
    free: dict[tuple[str, str], list[str]] = {}
    roots = {}
    for host, (vcpus, ram, disk, devices) in HOSTS.items():
        roots[host] = root = placement.provider(host)
        for rc, total in (('VCPU', vcpus), ('MEMORY_MB', ram), ('DISK_GB', disk)):
            placement.inventory(root, rc, total)
        for address, rc, total in devices:
            child = placement.provider(f'{host}_{address}', parent=root)
            cleanup = (host, address) == ONE_TIME_USE
            placement.inventory(child, rc, total, reserved=total if cleanup else 0)
            if cleanup:
                placement.traits(child, ['HW_PCI_ONE_TIME_USE'])
            else:
                free.setdefault((host, rc), []).extend([child] * total)
    # vGPUs spread over their GPUs (one busy, one idle in the demo exporter)
    free = {key: [p for p, _ in sorted(((p, found[:n].count(p)) for n, p in enumerate(found)),
                                       key=lambda item: item[1])]
            for key, found in free.items()}
    aliases = {'t4': T4, 'a100': A100}
    for server in sorted(servers, key=lambda s: s['name']):
        host = server['OS-EXT-SRV-ATTR:host']
        vcpus, ram, disk, specs = wants[server['flavor']['original_name']]
        gpus = [(aliases[a], int(n)) for a, n in (item.split(':') for item in
                specs.get('pci_passthrough:alias', '').replace(' ', '').split(',') if item)]
        gpus += [('VGPU', int(specs['resources:VGPU']))] if 'resources:VGPU' in specs else []
        allocations = {roots[host]: {'VCPU': vcpus, 'MEMORY_MB': ram, 'DISK_GB': disk}}
        for rc, count in gpus:
            for provider in [free[(host, rc)].pop(0) for _ in range(count)]:
                allocations.setdefault(provider, {}).setdefault(rc, 0)
                allocations[provider][rc] += 1
        placement.allocate(roots[host], 'VCPU', vcpus, consumer=server['id'], more=allocations)
