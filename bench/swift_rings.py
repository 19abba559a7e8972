"""Storage Rings budgets (issue 5), measured against baselines from the same run.

1. A ring of part power 18 with 100 devices: the ring status (read + checks +
   charts) served warm from the (mtime, size) cache must take < 100 ms; the
   cold time (Swift loading the builder and ring file) is reported.
2. 50 recon endpoints, 5 of them dead (accept connections, never answer):
   the recon fan-out must take <= one timeout + 2x a single healthy node's
   time. Healthy endpoints are small loopback HTTP servers answering recon
   JSON in the shape Swift's recon middleware returns.

Run: .venv/bin/python bench/swift_rings.py   (~45 s; building the big ring dominates)
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from swift.common.ring import RingBuilder

from devstack.loopback import FakeServer, SilentServer
from gencloud_ops_panel.api import swift_recon, swift_rings
from gencloud_ops_panel.logic import ring_health

WARM_BUDGET = 0.100
RECON_TIMEOUT = 1.0


def build_ring(folder: Path, name: str, part_power: int, replicas: int,
               addresses: list[tuple[str, int]]) -> None:
    builder = RingBuilder(part_power, replicas, 1)
    for index, (ip, port) in enumerate(addresses):
        builder.add_dev({'region': 1, 'zone': index % 5 + 1, 'ip': ip, 'port': port,
                         'device': f'sd{index}', 'weight': 100 + 50 * (index % 3)})
    builder.rebalance(seed=1)
    builder.save(str(folder / f'{name}.builder'))
    builder.get_ring().save(str(folder / f'{name}.ring.gz'))


def ring_status(folder: Path):
    """What the page computes from the rings when no recon answers are involved."""
    directory = swift_rings.read_directory(str(folder))
    assessment = ring_health.assess(directory.rings, [], ring_health.Limits(), time.time())
    charts = [ring_health.chart_rows(ring, {}, set()) for ring in directory.rings]
    return directory, assessment, charts


def bench_big_ring() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        build_ring(folder, 'object', 18, 3, [('127.0.0.1', 6000 + i) for i in range(100)])
        print(f'built part power 18 / 100 devices / 3 replicas in '
              f'{time.monotonic() - started:.1f} s (setup, not measured)')
        swift_rings._CACHE.clear()
        started = time.monotonic()
        directory, _, _ = ring_status(folder)
        cold = time.monotonic() - started
        assert directory.rings[0].readable and len(directory.rings[0].devices) == 100
        warm_runs = []
        for _ in range(20):
            started = time.monotonic()
            ring_status(folder)
            warm_runs.append(time.monotonic() - started)
        warm = statistics.median(warm_runs)
        print(f'ring status cold (Swift loads builder + ring, compares them): {cold * 1000:.0f} ms')
        print(f'ring status warm (cache hit), median of 20: {warm * 1000:.2f} ms; '
              f'budget 100 ms; ratio warm/budget = {warm / WARM_BUDGET:.3f} '
              f'({"OK" if warm < WARM_BUDGET else "OVER BUDGET"})')


RECON_ANSWERS = {
    'ringmd5': {'/etc/swift/object.ring.gz': 'd41d8cd98f00b204e9800998ecf8427e'},
    'diskusage': [{'device': 'sd0', 'mounted': True, 'size': 1000, 'used': 500, 'avail': 500}],
    'unmounted': [],
    'replication': {'replication_last': time.time(), 'replication_time': 1.0},
    'swiftconfmd5': {'/etc/swift/swift.conf': 'd41d8cd98f00b204e9800998ecf8427e'},
    'quarantined': {'objects': 0, 'containers': 0, 'accounts': 0, 'policies': {}},
    'version': {'version': '2.38.3'},
    'load': {'1m': 0.5, '5m': 0.4, '15m': 0.3, 'tasks': '1/100', 'processes': 100},
    'sockstat': {'tcp_in_use': 10, 'orphan': 0, 'time_wait': 2, 'tcp_mem_allocated_bytes': 4096},
    'auditor': {'object_auditor_stats_ALL': {'audit_time': 10.0, 'errors': 0},
                'object_auditor_stats_ZBF': None},
    'updater': {'object_updater_sweep': 0.5},
    'expirer': {'object_expiration_pass': 0.5, 'expired_last_pass': 0},
    'async': {'async_pending': 0, 'async_pending_last': time.time()},
}


def _recon_answer(path: str) -> tuple[int, bytes]:
    """What Swift's recon middleware answers, by check name (/recon/<name>...)."""
    name = path.split('/')[2]
    answer = time.time() if name == 'time' else RECON_ANSWERS.get(name, {})
    return 200, json.dumps(answer).encode()


def serve_recon(count: int) -> None:
    """Child process: COUNT healthy recon servers; print their ports; serve until stdin closes."""
    servers = [FakeServer(_recon_answer) for _ in range(count)]
    print(json.dumps([server.server_address[1] for server in servers]), flush=True)
    sys.stdin.read()


def _healthy_servers(count: int) -> tuple[subprocess.Popen, list[int]]:
    """Healthy nodes live in another process, as storage servers do, not in Horizon's."""
    child = subprocess.Popen([sys.executable, __file__, '--serve-recon', str(count)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return child, json.loads(child.stdout.readline())


def bench_recon_fanout() -> None:
    child, healthy = _healthy_servers(45)
    dead = [SilentServer() for _ in range(5)]
    ports = healthy + [int(server.address.rsplit(':', 1)[1]) for server in dead]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            build_ring(folder, 'object', 10, 3, [('127.0.0.1', port) for port in ports])
            rings = swift_rings.read_directory(str(folder)).rings
            targets = swift_recon.endpoints(rings)
            assert len(targets) == 50
            one = [t for t in targets if t.address == f'127.0.0.1:{healthy[0]}']
            single = statistics.median(_timed(one) for _ in range(5))
            page = statistics.median(_timed(targets) for _ in range(3))
            reports = swift_recon.query_all(targets, RECON_TIMEOUT, workers=64)
    finally:
        child.stdin.close()
        child.wait(timeout=10)
        for server in dead:
            server.close()
    unreachable = sum(not report.reachable for report in reports)
    paths = len(swift_recon.recon_urls(targets[0]))
    complete = sum(len(report.answers) == paths for report in reports)
    budget = RECON_TIMEOUT + 2 * single
    print(f'recon, one healthy node ({paths} recon paths): {single * 1000:.1f} ms; '
          f'timeout {RECON_TIMEOUT * 1000:.0f} ms')
    print(f'recon, 50 endpoints with 5 dead ({unreachable} reported unreachable), '
          f'median of 3: {page * 1000:.0f} ms; healthy nodes with all {paths} answers '
          f'in the last run: {complete}/{len(healthy)}')
    print(f'ratio page / (timeout + 2 x single) = {page / budget:.3f} '
          f'({"OK" if page <= budget else "OVER BUDGET"})')


def _timed(targets) -> float:
    started = time.monotonic()
    swift_recon.query_all(targets, RECON_TIMEOUT, workers=64)
    return time.monotonic() - started


if __name__ == '__main__':
    if sys.argv[1:2] == ['--serve-recon']:
        serve_recon(int(sys.argv[2]))
        sys.exit()
    bench_big_ring()
    bench_recon_fanout()
