"""Keystone requests and wall time of MFA logins, against vanilla Horizon TOTP login.

Starts the local stack plus a second Horizon process configured like vanilla
Horizon (upstream PasswordPlugin and TotpView, no gencloud_mfa URLs) on the
same Keystone and memcached, then logs in enrolled users through both and a
first-time user through ours (and through a third process with the enrollment
window on). Requests are counted in Keystone's access log.

    .venv/bin/python bench/mfa_login.py [--rounds 6]
Budgets (issue 3): enrolled login <= vanilla + 1 request; enrollment <= vanilla + 4,
plus, since issue 11, its recovery codes (1 list + 1 create of the one credential
holding the set, made with the user's new token; the enrollment ends on the page
that shows them).
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devstack import horizon, procs, seed
from devstack.horizon_client import HorizonClient
from devstack.keystone import KeystoneCounter
from devstack.stack import Stack
from gencloud_mfa.logic import enroll_window, totp

VANILLA_SETTINGS = """\
from gencloud_stack_settings import *  # noqa
AUTHENTICATION_PLUGINS = ['openstack_auth.plugin.totp.TotpPlugin',
                          'openstack_auth.plugin.password.PasswordPlugin',
                          'openstack_auth.plugin.token.TokenPlugin']
AUTHENTICATION_URLS = ['openstack_auth.urls']
"""


def vanilla_login(client, user, code):
    page = client.login(user['username'], user['password'])
    return client.post_form(page.url.replace(client.base, ''), {'totp': code})


def our_login(client, user, code):
    page = client.login(user['username'], user['password'])
    return client.post_form(page.url.replace(client.base, ''), {'passcode': code})


def our_enrollment(client, user, _code):
    page = client.login(user['username'], user['password'])
    secret = re.search(r'id="gencloud-mfa-key"[^>]*>([A-Z2-7 ]+)<', page.text).group(1)
    secret = secret.replace(' ', '')
    client.get('/auth/mfa/enroll-qr.png')
    return client.post_form(page.url.replace(client.base, ''),
                            {'passcode': totp.code_at(secret, time.time())})


def measure(name, login, base_url, users, log) -> dict:
    counts, seconds, example = [], [], ''
    for user in users:
        client = HorizonClient(base_url)
        code = totp.code_at(user['totp_secret'], time.time()) if user['totp_secret'] else ''
        with KeystoneCounter(log) as counter:
            landed = login(client, user, code)
        assert '/auth/' not in landed.url, f'{name}: login failed for {user["username"]}'
        counts.append(counter.count)
        seconds.append(counter.seconds)
        example = counter.summary()
    return {'name': name, 'requests': min(counts), 'requests_max': max(counts),
            'seconds': statistics.median(seconds), 'example': example}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Stack(Path(tmp) / 'stack') as info:
        root = Path(info['root'])
        (root / 'horizon' / 'vanilla_settings.py').write_text(VANILLA_SETTINGS)
        port = procs.free_port()
        vanilla = horizon.start(root / 'horizon', port, root / 'logs', name='vanilla',
                                settings_module='vanilla_settings')
        window_port = procs.free_port()
        window_node = horizon.start(
            root / 'horizon', window_port, root / 'logs', name='window', workers=1,
            settings_module=horizon.write_node_settings(
                root / 'horizon', 'window', {'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': 72}))
        try:
            kc = seed.admin_client(info['keystone_url'])
            project = kc.projects.list(name='demo')[0]

            def users(enrolled: bool, count: int) -> list[dict]:
                made = []
                for n in range(count):
                    secret = seed.new_totp_secret() if enrolled else None
                    name = f'bench-{"e" if enrolled else "n"}-{n}-{time.time_ns() % 10**6}'
                    user = seed.create_user(kc, name, 'pw-' + name, project, mfa=True,
                                            totp_secret=secret)
                    kc.users.update(user, **enroll_window.opening())  # as Require MFA does
                    made.append({'username': name, 'password': 'pw-' + name,
                                 'totp_secret': secret})
                return made

            log = root / 'logs' / 'keystone-access.log'
            # The first login in each worker fetches the service token once; gunicorn
            # picks workers itself, so warm up with enough logins to reach both.
            warm = users(True, 6)
            measure('warm-up', our_login, info['horizon_url'], warm, log)
            measure('warm-up', our_login, f'http://127.0.0.1:{window_port}', users(True, 1), log)
            results = [
                measure('vanilla Horizon TOTP login', vanilla_login,
                        f'http://127.0.0.1:{port}', users(True, args.rounds), log),
                measure('gencloud_mfa enrolled login', our_login, info['horizon_url'],
                        users(True, args.rounds), log),
                measure('gencloud_mfa first-login enrollment', our_enrollment,
                        info['horizon_url'], users(False, args.rounds), log),
                measure('  the same, enrollment window on', our_enrollment,
                        f'http://127.0.0.1:{window_port}', users(False, args.rounds), log),
            ]
        finally:
            procs.stop(vanilla.pid)
            procs.stop(window_node.pid)
    base = results[0]
    for row in results:
        print(f"{row['name']:<38} Keystone requests {row['requests']}"
              f"{'' if row['requests'] == row['requests_max'] else '-' + str(row['requests_max'])}"
              f" (vanilla +{row['requests'] - base['requests']})   "
              f"median {row['seconds'] * 1000:.0f} ms  ratio {row['seconds'] / base['seconds']:.2f}")
        print(f"    {row['example']}")
    enrolled, enrollment = results[1], results[2]
    ok = (enrolled['requests_max'] <= base['requests'] + 1
          and enrollment['requests_max'] <= base['requests'] + 4 + 2)
    print('budgets:', 'met' if ok else 'MISSED')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
