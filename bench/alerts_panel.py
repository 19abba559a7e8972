"""Alerts panel budgets, measured against baselines taken in the same run.

1. 2,000 active alerts held by two Alertmanagers (an HA pair: both hold the
   same alerts) and a Prometheus evaluating the stack's rules. Page server time
   of Admin > Operations > Alerts vs the time of the raw fetches themselves, one
   after the other: the two GET /api/v2/alerts, Prometheus' /api/v1/alerts and
   the 24 h query_range of ALERTS (history). Target: ratio <= 1.5.
   Measured with Horizon's default Items Per Page (20 rows) and with 50.
2. The header badge on a cache hit: what rendering it costs inside Horizon's
   process (the page never waits for it: Horizon loads header sections with a
   separate request). Target: <= 5 ms.

Usage: .venv/bin/python bench/alerts_panel.py [--alerts 2000] [--runs 21]
Starts its own Keystone, memcached, Horizon, two Alertmanagers, the demo exporter
and a Prometheus on loopback.
"""
from __future__ import annotations

import argparse
import os
import random
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
from devstack.horizon_client import HorizonClient, form_defaults  # noqa: E402


def alerts(count: int) -> list[dict]:
    now = datetime.now(timezone.utc)
    return [{'labels': {'alertname': f'BenchAlert{i % 40}', 'instance': f'node-{i}:9100',
                        'severity': ('critical', 'warning', 'info')[i % 3],
                        'tenant': f'project-{i % 25}'},
             'annotations': {'summary': f'서버 node-{i} 점검 필요', 'description': '벤치마크 알림'},
             'startsAt': (now - timedelta(minutes=i)).isoformat(),
             'endsAt': (now + timedelta(hours=2)).isoformat()}
            for i in range(count)]


def rounds(fns: dict, runs: int) -> dict[str, list[float]]:
    """Seconds of each function in each of RUNS rounds. All run in every round, so
    a slow phase of the machine hits them alike; each round in a new random order
    and each call after a pause, so none pays for the work its neighbour left
    behind (Alertmanager's garbage collection)."""
    for fn in fns.values():
        fn()  # warm-up (connections, caches, templates)
    times: dict[str, list[float]] = {name: [] for name in fns}
    shuffle = random.Random(6).shuffle
    for _ in range(runs):
        order = list(fns.items())
        shuffle(order)
        for name, fn in order:
            time.sleep(0.3)
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return times


def django_in_process(horizon_root: Path):
    """Our code inside this process, with the stack's Horizon settings and memcached."""
    sys.path.insert(0, str(horizon_root))
    os.environ['DJANGO_SETTINGS_MODULE'] = 'gencloud_stack_settings'
    import django
    django.setup()
    from django.test import RequestFactory

    class Admin:
        is_authenticated = True

        def has_perms(self, perms):
            return True

    request = RequestFactory().get('/header/')
    request.user = Admin()
    return request


def badge_ms(request, repeats: int = 2000) -> float:
    """Rendering the header badge on a cache hit (Horizon's context processors excluded)."""
    from django.template.loader import render_to_string

    from gencloud_ops_panel.dashboards.alerts import badge

    badge.cached_count()  # fill the cache

    def render() -> str:
        view = badge.AlertsBadgeView(request=request)
        return render_to_string(view.template_name, view.get_context_data())

    assert 'data-count' in render()
    started = time.perf_counter()
    for _ in range(repeats):
        render()
    return (time.perf_counter() - started) / repeats * 1000


def items_per_page(client: HorizonClient, size: int) -> None:
    """The admin's Items Per Page, saved through Horizon's User Settings form."""
    form = form_defaults(client.get('/settings/').text, 'user_settings_modal')
    assert client.post_form('/settings/', {**form, 'pagesize': str(size)}).status_code == 200


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--alerts', type=int, default=2000)
    parser.add_argument('--runs', type=int, default=21)
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
        exporter, exporter_url = prom.start_exporter(root / 'logs', False)
        pids.append(exporter.pid)
        prometheus, prometheus_url = prom.start_prometheus(root / 'prometheus', root / 'logs',
                                                           False, [exporter_url], [])
        pids.append(prometheus.pid)
        batch = alerts(args.alerts)
        for url in managers:
            requests.post(url + '/api/v2/alerts', json=batch, timeout=60).raise_for_status()

        the_stack = stack.Stack(root / 'stack', with_services=[], progress=stack.log,
                                horizon_settings={'GENCLOUD_ALERTMANAGER_URLS': managers,
                                                  'GENCLOUD_PROMETHEUS_URLS': [prometheus_url],
                                                  # a busy shared machine must not turn a
                                                  # slow round into a missing source
                                                  'GENCLOUD_ALERTS_TIMEOUT': 30})
        with the_stack as info:
            session = requests.Session()
            client = HorizonClient(info['horizon_url'])
            client.login('admin', info['logins']['admin']['password'])
            client50 = HorizonClient(info['horizon_url'])
            client50.login('admin', info['logins']['admin']['password'])
            items_per_page(client50, 50)
            request = django_in_process(Path(info['root']) / 'horizon')
            from gencloud_ops_panel.api import alerts as alerts_api
            from gencloud_ops_panel.logic import alerts as logic

            def raw_fetches():
                for url in managers:
                    answer = session.get(url + '/api/v2/alerts', timeout=60)
                    assert len(answer.json()) == args.alerts
                assert session.get(prometheus_url + '/api/v1/alerts', timeout=60).ok
                start, end = logic.history_window(datetime.now(timezone.utc))
                assert session.get(prometheus_url + '/api/v1/query_range', timeout=60, params={
                    'query': 'ALERTS', 'start': start, 'end': end,
                    'step': logic.HISTORY_STEP}).json()['status'] == 'success'

            def page(who=client):
                answer = who.get('/admin/gencloud_alerts/')
                failed = answer.text.find('gencloud-source-failure')   # a source timed out?
                assert answer.status_code == 200 and 'BenchAlert' in answer.text, (
                    answer.status_code, answer.text[failed:failed + 400] if failed >= 0 else '')

            def placeholder_panel():
                assert client.get('/admin/gencloud_gpu/').status_code == 200

            def collect():
                collected = alerts_api.start_collecting_alerts()()
                assert len(collected.alerts) >= args.alerts, collected.failures

            times = rounds({'raw': raw_fetches, 'page': page, 'page50': lambda: page(client50),
                               'floor': placeholder_panel, 'collect': collect}, args.runs)
            cost = badge_ms(request)
    finally:
        for pid in pids:
            procs.stop(pid)

    def ms(name: str) -> float:
        return statistics.median(times[name]) * 1000

    def vs_raw(name: str) -> float:
        """Median over rounds of NAME / the raw fetches of the same round."""
        return statistics.median(t / raw for t, raw in zip(times[name], times['raw'], strict=True))

    print(f'{args.alerts} alerts in each of 2 Alertmanagers ({args.runs} rounds; '
          f'times are medians, ratios are medians of per-round ratios)')
    print(f"  raw fetches, all (baseline):   {ms('raw'):8.1f} ms "
          "(2 Alertmanagers, Prometheus alerts + ALERTS history)")
    print(f"  Alerts page server time:       {ms('page'):8.1f} ms (20 rows, the default)")
    print(f"  ratio page / raw fetches:      {vs_raw('page'):8.2f}   (target <= 1.5)")
    print(f"  the same page with 50 rows:    {ms('page50'):8.1f} ms = {vs_raw('page50'):.2f} x raw")
    print(f"  a placeholder panel (Horizon): {ms('floor'):8.1f} ms = {vs_raw('floor'):.2f} x raw")
    print(f"  fetch+merge+sort in-process:   {ms('collect'):8.1f} ms = {vs_raw('collect'):.2f} x raw "
          f"(both sources in parallel)")
    print(f'  header badge on a cache hit:   {cost:8.3f} ms (target <= 5 ms)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
