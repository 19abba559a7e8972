"""Alerts panel budgets, measured against baselines taken in the same run.

1. 2,000 active alerts held by two Alertmanagers (an HA pair: both hold the
   same alerts). Page server time of Admin > Operations > Alerts vs the time of
   the two raw GET /api/v2/alerts fetches themselves. Target: ratio <= 1.5.
2. The header badge on a cache hit: what rendering it costs inside Horizon's
   process (the page never waits for it: Horizon loads header sections with a
   separate request). Target: <= 5 ms.

Usage: .venv/bin/python bench/alerts_panel.py [--alerts 2000] [--runs 7]
Starts its own Keystone, memcached, Horizon and two Alertmanagers on loopback.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devstack import procs, stack  # noqa: E402
from devstack import prometheus as prom  # noqa: E402
from tests.horizon_client import HorizonClient  # noqa: E402


def alerts(count: int) -> list[dict]:
    now = datetime.now(timezone.utc)
    return [{'labels': {'alertname': f'BenchAlert{i % 40}', 'instance': f'node-{i}:9100',
                        'severity': ('critical', 'warning', 'info')[i % 3],
                        'tenant': f'project-{i % 25}'},
             'annotations': {'summary': f'서버 node-{i} 점검 필요', 'description': '벤치마크 알림'},
             'startsAt': (now - timedelta(minutes=i)).isoformat(),
             'endsAt': (now + timedelta(hours=2)).isoformat()}
            for i in range(count)]


def median_seconds(fn, runs: int) -> float:
    fn()  # warm-up (connections, caches)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(horizon_root: Path, runs: int, repeats: int = 2000) -> tuple[float, float]:
    """(seconds to fetch+merge+sort every source, ms to render the badge on a cache hit).

    Runs our code inside this process with the stack's Horizon settings and
    memcached, so Horizon's own page cost is left out of both numbers.
    """
    sys.path.insert(0, str(horizon_root))
    os.environ['DJANGO_SETTINGS_MODULE'] = 'gencloud_stack_settings'
    import django
    django.setup()
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from gencloud_ops_panel.dashboards.alerts import badge, sources

    class Admin:
        is_authenticated = True

        def has_perms(self, perms):
            return True

    request = RequestFactory().get('/header/')
    request.user = Admin()
    collect = median_seconds(lambda: sources.collect_alerts(request), runs)
    badge.cached_count(request)  # fill the cache

    def render() -> str:
        # Our part of the header request; Horizon's own context processors excluded.
        view = badge.AlertsBadgeView(request=request)
        return render_to_string(view.template_name, view.get_context_data())

    assert 'data-count' in render()
    started = time.perf_counter()
    for _ in range(repeats):
        render()
    return collect, (time.perf_counter() - started) / repeats * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--alerts', type=int, default=2000)
    parser.add_argument('--runs', type=int, default=7)
    parser.add_argument('--page-size', type=int, default=None,
                        help='GENCLOUD_ALERTS_PAGE_SIZE (default: the shipped default)')
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix='bench-alerts-'))
    (root / 'logs').mkdir()
    pids = []
    try:
        managers = []
        for name in ('am1', 'am2'):
            proc, url = prom.start_alertmanager(root / name, root / 'logs', False, name)
            pids.append(proc.pid)
            managers.append(url)
        batch = alerts(args.alerts)
        for url in managers:
            requests.post(url + '/api/v2/alerts', json=batch, timeout=60).raise_for_status()

        page_size = {'GENCLOUD_ALERTS_PAGE_SIZE': args.page_size} if args.page_size else {}
        the_stack = stack.Stack(root / 'stack', with_services=[], progress=stack.log,
                                horizon_settings={'GENCLOUD_ALERTMANAGER_URLS': managers,
                                                  'GENCLOUD_PROMETHEUS_URLS': [],
                                                  **page_size})
        with the_stack as info:
            session = requests.Session()

            def raw_fetches():
                for url in managers:
                    answer = session.get(url + '/api/v2/alerts', timeout=60)
                    assert len(answer.json()) == args.alerts

            client = HorizonClient(info['horizon_url'])
            client.login('admin', info['logins']['admin']['password'])

            def page():
                answer = client.get('/admin/gencloud_alerts/')
                assert answer.status_code == 200 and 'BenchAlert' in answer.text

            def empty_panel():
                assert client.get('/admin/gencloud_gpu/').status_code == 200

            raw = median_seconds(raw_fetches, args.runs)
            served = median_seconds(page, args.runs)
            floor = median_seconds(empty_panel, args.runs)
            collect, cost = in_process(Path(info['root']) / 'horizon', args.runs)
    finally:
        for pid in pids:
            procs.stop(pid)

    print(f'{args.alerts} alerts in each of 2 Alertmanagers (median of {args.runs} runs)')
    print(f'  raw fetches, both (baseline): {raw * 1000:8.1f} ms')
    print(f'  Alerts page server time:      {served * 1000:8.1f} ms')
    print(f'  a placeholder panel (Horizon): {floor * 1000:7.1f} ms (for reference)')
    print(f'  fetch+merge+sort, in-process: {collect * 1000:8.1f} ms (both sources in parallel)')
    print(f'  page minus placeholder panel: {(served - floor) * 1000:8.1f} ms '
          f'= {(served - floor) / raw:.2f} x raw')
    print(f'  ratio page / raw fetches:     {served / raw:8.2f}   (target <= 1.5)')
    print(f'  header badge on a cache hit:  {cost:8.3f} ms (target <= 5 ms)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
