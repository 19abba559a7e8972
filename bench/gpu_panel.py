"""Budgets of the GPU panel: Nova + Placement requests per render stay constant in
the number of flavors (issue 13), and render time against Admin > Flavors (issue 4).

Starts its own stack (Keystone, nova-api, Placement, Horizon), fills Nova
through its API (servers are written into the cell database: nothing can
boot without a compute service) and Placement (10 hosts × 8 GPU devices,
some held), renders Admin > Operations > GPU with SMALL and then SMALL +
ADDED GPU flavors and prints the Nova and Placement requests of each render
(counted in the services' request logs); then the median render time of the
GPU panel and of Horizon's own Admin > Flavors page and their ratio.

    .venv/bin/python bench/gpu_panel.py [--renders 3] [--small 50] [--added 1000]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.api_clients import NovaClient, PlacementClient
from devstack.horizon_client import HorizonClient
from devstack.nova_servers import add_server_groups
from devstack.stack import Stack

HOSTS, DEVICES, SERVERS_PER_HOST = 10, 8, 10
T4, A100 = 'CUSTOM_PCI_10DE_1EB8', 'CUSTOM_PCI_10DE_20B0'
PAGES = {'GPU panel': '/admin/gencloud_gpu/', 'Horizon Admin > Flavors': '/admin/flavors/'}


def gpu_flavors(nova: NovaClient, start: int, count: int) -> list[dict]:
    return [nova.create_flavor(f'bench.gpu.{n:04d}', {
        'pci_passthrough:alias': f'{"t4" if n % 2 else "a100"}:{1 + n % 4}'}, vcpus=1 + n % 8)
        for n in range(start, start + count)]


def fill_placement(placement: PlacementClient) -> None:
    for host in range(HOSTS):
        root = placement.provider(f'gpu-node-{host}')
        placement.inventory(root, 'VCPU', 128)
        for device in range(DEVICES):
            child = placement.provider(f'gpu-node-{host}_0000:{0x81 + device:02x}:00.0', root)
            placement.inventory(child, T4 if host % 2 else A100, 1)
            if device < 3:
                placement.allocate(child, T4 if host % 2 else A100, 1)


def count(log: Path, marker: str) -> int:
    return log.read_text(errors='replace').count(marker)


def requests_per_render(client: HorizonClient, logs: dict[str, tuple[Path, str]],
                        renders: int) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {name: set() for name in logs}
    for _ in range(renders):
        before = {name: count(*log) for name, log in logs.items()}
        page = client.get(PAGES['GPU panel'])
        assert page.status_code == 200 and 'gencloud-section-error' not in page.text
        time.sleep(0.3)  # request logs are written after the response
        for name, log in logs.items():
            found[name].add(count(*log) - before[name])
    return found


def render_times(client: HorizonClient, renders: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in PAGES}
    for path in PAGES.values():  # warm caches and Horizon's lazy imports
        assert client.get(path).status_code == 200, path
    for _ in range(renders):
        for name, path in PAGES.items():
            started = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(found) for name, found in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--renders', type=int, default=3)
    parser.add_argument('--small', type=int, default=50)
    parser.add_argument('--added', type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, \
            Stack(Path(root), with_services=['nova', 'placement']) as info:
        nova, placement = NovaClient(info), PlacementClient(info)
        started = time.monotonic()
        first = gpu_flavors(nova, 0, args.small)
        add_server_groups(info['nova_config_dir'], [
            (first[n % len(first)]['id'], SERVERS_PER_HOST, f'gpu-node-{n}')
            for n in range(HOSTS)])
        fill_placement(placement)
        print(f'filled in {time.monotonic() - started:.0f}s: {args.small} GPU flavors, '
              f'{HOSTS * SERVERS_PER_HOST} servers, {HOSTS} hosts × {DEVICES} GPUs')
        client = HorizonClient(info['horizon_url'])
        client.login('admin', info['logins']['admin']['password'])
        logs = {'Nova': (Path(info['nova_config_dir']) / 'nova-app.log',
                         'nova.api.openstack.requestlog'),
                'Placement': (Path(root) / 'placement' / 'placement-app.log',
                              'placement.requestlog')}
        client.get(PAGES['GPU panel'])
        results = {args.small: requests_per_render(client, logs, args.renders)}
        gpu_flavors(nova, args.small, args.added)
        total = args.small + args.added
        results[total] = requests_per_render(client, logs, args.renders)
        medians = render_times(client, args.renders)
    for flavors, found in results.items():
        print(f'{flavors:5d} GPU flavors: requests per GPU panel render: '
              + ', '.join(f'{name} {sorted(values)}' for name, values in found.items()))
    print('Placement requests equal: '
          f'{results[args.small]["Placement"] == results[total]["Placement"]}; '
          'Nova differs only by its 1,000-flavor pages (one list call per page)')
    for name, median in medians.items():
        print(f'{name:26s} median {median * 1000:7.0f} ms ({total} flavors)')
    print(f'ratio GPU panel / Admin > Flavors: {medians["GPU panel"] / medians["Horizon Admin > Flavors"]:.2f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
