"""`python -m devstack up [--detach] [--dir DIR]` / `python -m devstack down`."""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from devstack import stack

DEFAULT_DIR = Path(__file__).resolve().parent.parent / '.stack'


def _print_welcome(info: dict) -> None:
    logins = info['logins']
    print(f"""
GenCloud Horizon demo is up.

  Dashboard:  {info['horizon_url']}/
  Keystone:   {info['keystone_url']}
  Stack file: {info['root']}/stack.json   (logs in {info['logs']})

Logins:
  {logins['admin']['username']} / {logins['admin']['password']}        administrator, no MFA: Admin > Operations
  {logins['demo']['username']} / {logins['demo']['password']}          MFA required, not enrolled: first login shows the QR enrollment page
  {logins['enrolled']['username']} / {logins['enrolled']['password']}  MFA required, enrolled; TOTP key {logins['enrolled']['totp_secret']}
""", flush=True)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m devstack')
    parser.add_argument('command', choices=['up', 'down'])
    parser.add_argument('--dir', type=Path, default=DEFAULT_DIR,
                        help=f'stack folder (default {DEFAULT_DIR})')
    parser.add_argument('--detach', action='store_true',
                        help='leave the servers running and return; stop with `down`')
    args = parser.parse_args(argv)

    if args.command == 'down':
        stopped = stack.down(args.dir)
        print('stopped: ' + (', '.join(stopped) if stopped else 'nothing was running'))
        return 0

    started = time.monotonic()
    the_stack = stack.Stack(args.dir, detach=args.detach, progress=stack.log)
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
