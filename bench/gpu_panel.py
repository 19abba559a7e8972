"""Budget of issue 4: the GPU panel with 1,050 flavors (50 GPU) and 500 servers.

Starts its own stack (Keystone, nova-api, Horizon), fills Nova through its
API (servers are written into the cell database: nothing can boot without a
compute service), then renders Admin > Operations > GPU and Horizon's own
Admin > Flavors page in alternation and prints:

- Nova requests per render (counted in nova-api's request log);
- median render time of each page and their ratio (target <= 1.2).

    .venv/bin/python bench/gpu_panel.py [--renders 7]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack.api_clients import NovaClient
from devstack.horizon_client import HorizonClient
from devstack.nova_servers import add_servers
from devstack.stack import Stack

FLAVORS, GPU_FLAVORS, SERVERS, GPU_SERVERS = 1000, 50, 500, 100
PAGES = {'GPU panel': '/admin/gencloud_gpu/', 'Horizon Admin > Flavors': '/admin/flavors/'}


def fill(nova: NovaClient, config_dir: str) -> None:
    started = time.monotonic()
    plain = [nova.create_flavor(f'bench.plain.{n:04d}', {}, vcpus=1 + n % 8)
             for n in range(FLAVORS)]
    gpu = [nova.create_flavor(f'bench.gpu.{n:02d}',
                              {'pci_passthrough:alias': f'{"t4" if n % 2 else "a100"}:{1 + n % 4}'})
           for n in range(GPU_FLAVORS)]
    for n in range(10):  # 500 servers on 10 hosts, 100 of them on GPU flavors
        add_servers(config_dir, gpu[n]['id'], GPU_SERVERS // 10, f'gpu-node-{n}')
        add_servers(config_dir, plain[n]['id'], (SERVERS - GPU_SERVERS) // 10, f'cpu-node-{n}')
    print(f'filled Nova in {time.monotonic() - started:.0f}s: {FLAVORS + GPU_FLAVORS} flavors '
          f'({GPU_FLAVORS} GPU), {SERVERS} servers ({GPU_SERVERS} on GPU flavors)')


def nova_requests(log: Path) -> int:
    return log.read_text(errors='replace').count('nova.api.openstack.requestlog')


def measure(client: HorizonClient, log: Path, renders: int) -> dict[str, dict]:
    results = {name: {'times': [], 'requests': set()} for name in PAGES}
    for path in PAGES.values():  # warm caches and Horizon's lazy imports
        assert client.get(path).status_code == 200, path
    for _ in range(renders):
        for name, path in PAGES.items():
            before = nova_requests(log)
            started = time.perf_counter()
            page = client.get(path)
            results[name]['times'].append(time.perf_counter() - started)
            assert page.status_code == 200 and 'gencloud-section-error' not in page.text, path
            time.sleep(0.2)  # the request log is written after the response
            results[name]['requests'].add(nova_requests(log) - before)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--renders', type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, \
            Stack(Path(root), with_services=['nova']) as info:
        fill(NovaClient(info), info['nova_config_dir'])
        client = HorizonClient(info['horizon_url'])
        client.login('admin', info['logins']['admin']['password'])
        log = Path(info['nova_config_dir']) / 'nova-app.log'
        results = measure(client, log, args.renders)
    medians = {name: statistics.median(r['times']) for name, r in results.items()}
    for name, result in results.items():
        print(f'{name:26s} median {medians[name] * 1000:7.0f} ms   '
              f'Nova requests per render: {sorted(result["requests"])}')
    ratio = medians['GPU panel'] / medians['Horizon Admin > Flavors']
    print(f'ratio GPU panel / Admin > Flavors: {ratio:.2f} (budget <= 1.2)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
