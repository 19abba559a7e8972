"""Concurrent MFA logins through two Horizon processes behind a round-robin proxy.

Starts the local stack (Keystone, memcached, two Horizon processes with two
workers each), creates N enrolled users and logs them all in at once
(password step + TOTP code, every request alternating between the nodes).
Loopback only; bounded by N and a deadline; stops by itself.

    .venv/bin/python bench/scale_out.py [--users 50] [--concurrency 50]
Prints throughput, p50/p95 latency and the error count (issue 7: zero errors).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack import seed
from devstack.horizon_client import HorizonClient
from devstack.round_robin import RoundRobinProxy
from devstack.stack import Stack
from gencloud_mfa.logic import totp

DEADLINE_SECONDS = 600


def login(base_url: str, user: dict) -> float:
    started = time.perf_counter()
    client = HorizonClient(base_url, client_ip=user['ip'])
    page = client.login(user['username'], user['password'])
    done = client.post_form(page.url.replace(base_url, ''),
                            {'passcode': totp.code_at(user['secret'], time.time())})
    if '/auth/' in done.url or done.status_code != 200:
        raise RuntimeError(f"{user['username']}: ended on {done.url} ({done.status_code})")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--users', type=int, default=50)
    parser.add_argument('--concurrency', type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, \
            Stack(Path(tmp) / 'stack', horizons=2, with_services=[],
                  horizon_settings={'SECURE_PROXY_ADDR_HEADER': 'HTTP_X_FORWARDED_FOR'}) as info:
        kc = seed.admin_client(info['keystone_url'])
        project = kc.projects.list(name='demo')[0]
        users = []
        for n in range(args.users):
            secret = seed.new_totp_secret()
            seed.create_user(kc, f'load-{n}', f'pw-load-{n}', project, mfa=True,
                             totp_secret=secret)
            users.append({'username': f'load-{n}', 'password': f'pw-load-{n}',
                          'secret': secret, 'ip': f'198.18.{n // 250}.{n % 250 + 1}'})
        with RoundRobinProxy(info['horizon_urls']) as proxy:
            login(proxy.url, {**users[0], 'ip': '198.18.255.1'})  # warm both nodes
            started = time.perf_counter()
            latencies, errors = [], []
            with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
                futures = [pool.submit(login, proxy.url, user) for user in users]
                for future in concurrent.futures.as_completed(futures,
                                                              timeout=DEADLINE_SECONDS):
                    try:
                        latencies.append(future.result())
                    except Exception as exc:
                        errors.append(str(exc))
            elapsed = time.perf_counter() - started
            hits = dict(proxy.hits)
    latencies.sort()
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else float('nan')
    print(f'{args.users} MFA logins, {args.concurrency} at once, 2 Horizon processes x 2 workers')
    print(f'  errors      {len(errors)}')
    print(f'  throughput  {len(latencies) / elapsed:.2f} logins/s  ({elapsed:.1f} s in all)')
    if latencies:
        print(f'  latency     p50 {statistics.median(latencies):.2f} s   p95 {p95:.2f} s')
    print(f'  requests per node {sorted(hits.values())}')
    for error in errors[:5]:
        print('  error:', error)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
