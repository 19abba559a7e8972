"""`python -m devstack up [--detach] [--dir DIR]` / `python -m devstack down`."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from devstack import demo_data, stack

DEFAULT_DIR = Path(__file__).resolve().parent.parent / '.stack'


def _print_welcome(info: dict) -> None:
    logins = info['logins']
    url = info['horizon_url']
    print(f"""
GenCloud Horizon demo is up.

  Dashboard:  {url}/   (second Horizon process: {info['horizon_urls'][-1]}/)
  Keystone:   {info['keystone_url']}
  Stack file: {info['root']}/stack.json   (logs in {info['logs']})

Where to click (as admin):
  Identity > Users             {url}/identity/users/     MFA status, Require MFA, Reset Authenticator
  Admin > Operations > GPU     {url}/admin/gencloud_gpu/     GPU flavors and capacity
  Admin > Operations > Rings   {url}/admin/gencloud_rings/   one deliberate warning (weight-0 device)
  Admin > Operations > Alerts  {url}/admin/gencloud_alerts/  a firing alert after ~15 s

Logins:
  {logins['admin']['username']} / {logins['admin']['password']}        administrator, no MFA: Admin > Operations
  {logins['member']['username']} / {logins['member']['password']}      plain project member, no MFA: what a user of the cloud sees
  {logins['demo']['username']} / {logins['demo']['password']}          MFA required, not enrolled: first login shows the QR enrollment page
  {logins['enrolled']['username']} / {logins['enrolled']['password']}  MFA required, enrolled; TOTP key {logins['enrolled']['totp_secret']}
  {_first_login(logins)}
""", flush=True)


def _first_login(logins: dict) -> str:
    user = logins.get('firstlogin')
    if not user:
        return '(no temporary-password user: demo data incomplete)'
    return (f"{user['username']} / {user['password']}  temporary password: first login asks "
            'for a new one, then the QR enrollment page')


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _demo_data(the_stack: stack.Stack) -> None:
    # Each part on its own: one failing does not leave out the other.
    for label, seed_part in (
            ('a user with a temporary password', demo_data.seed_first_login),
            ('GPU flavors, servers, GPU inventory', lambda s: demo_data.seed(s.info))):
        try:
            with the_stack.step(f'demo data: {label}'):
                seed_part(the_stack)
        except Exception as exc:  # noqa: BLE001 - the demo stays usable without it
            stack.log(f'demo data incomplete: {exc}')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m devstack')
    parser.add_argument('command', choices=['up', 'down'])
    parser.add_argument('--dir', type=Path, default=DEFAULT_DIR,
                        help=f'stack folder (default {DEFAULT_DIR})')
    parser.add_argument('--horizons', type=int, default=2,
                        help='Horizon processes sharing memcached (default 2)')
    parser.add_argument('--detach', action='store_true',
                        help='leave the servers running and return; stop with `down`')
    args = parser.parse_args(argv)

    if args.command == 'down':
        stopped = stack.down(args.dir)
        print('stopped: ' + (', '.join(stopped) if stopped else 'nothing was running'))
        return 0

    started = time.monotonic()
    the_stack = stack.Stack(args.dir, detach=args.detach, progress=stack.log,
                            horizons=args.horizons, beside_horizon=_demo_data)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        info = the_stack.up()
        stack.log(f'ready in {time.monotonic() - started:.0f}s')
        _print_welcome(info)
        if args.detach:
            return 0
        print('Press Ctrl-C to stop every server.', flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        stack.log('stopping ...')
        the_stack.down()
        return 0


if __name__ == '__main__':
    sys.exit(main())
