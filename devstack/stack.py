"""Compose the local stack: memcached, Keystone, optional services, Horizon.

Optional services (Nova, Swift, Prometheus, ...) live in devstack.services.
Each is a function taking the Stack, run in its own thread at the same time
as memcached, Keystone's bootstrap, the other services and Horizon's CSS/JS
compression: it starts its processes (`stack.track`), calls
`stack.keystone_ready()` before it needs Keystone, adds what tests and the
demo need to `stack.info`, and what Horizon needs to `stack.horizon_settings`.
Horizon starts when all of them are done, beside the optional `beside_horizon`.
"""
from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from devstack import horizon, keystone, memcached, procs, seed, services

STACK_FILE = 'stack.json'


class Stack:
    """Start with `up()` (or `with Stack(...) as info:`), stop with `down()`."""

    def __init__(self, root: Path, *, detach: bool = False, receipt_expiration: int = 300,
                 horizon_settings: dict | None = None, progress=None,
                 with_services: list[str] | None = None, horizons: int = 1,
                 beside_horizon: Callable[[Stack], None] | None = None,
                 password_hash_rounds: int | None = None) -> None:
        self.root = Path(root).resolve()
        self.detach = detach
        self.receipt_expiration = receipt_expiration
        self.password_hash_rounds = password_hash_rounds
        self.horizon_settings = horizon_settings or {}
        self.progress = progress or (lambda msg: None)
        self.with_services = list(services.SERVICES) if with_services is None else with_services
        self.logs = self.root / 'logs'
        self.horizons = horizons
        # Work that needs the services but not Horizon (the demo data): it runs
        # while the Horizon processes start instead of after them.
        self.beside_horizon = beside_horizon
        self.keystone_conf: Path | None = None
        self.pids: dict[str, int] = {}
        self.info: dict = {}

    def __enter__(self) -> dict:
        return self.up()

    def __exit__(self, *exc) -> None:
        self.down()

    def up(self) -> dict:
        try:
            return self._up()
        except BaseException:
            self.down()
            raise

    def _up(self) -> dict:
        if is_running(self.root):
            raise RuntimeError(f'a stack is already running in {self.root}; '
                               'stop it with: python -m devstack down')
        shutil.rmtree(self.root, ignore_errors=True)
        self.logs.mkdir(parents=True)
        horizon_names = ['horizon'] + [f'horizon{n}' for n in range(2, self.horizons + 1)]
        ports = {name: procs.free_port() for name in ('keystone', 'memcached', *horizon_names)}
        self.info = {
            'root': str(self.root),
            'keystone_url': keystone.url(ports['keystone']),
            'memcached': f"127.0.0.1:{ports['memcached']}",
            'ports': ports,
            'pids': self.pids,
            'logs': str(self.logs),
        }
        horizon_root = self.root / 'horizon'
        secret_key = secrets.token_urlsafe(40)
        # Compression reads templates only: the settings services add later do not matter.
        horizon.write_settings(horizon_root, self.info['keystone_url'], ports['memcached'],
                               self._horizon_settings(), secret_key)
        with ThreadPoolExecutor(max_workers=4 + len(self.with_services)) as pool:
            self._keystone = pool.submit(self._timed, 'Keystone', self._start_keystone)
            tasks = [self._keystone,
                     pool.submit(self._timed, 'memcached', lambda: self.track(
                         memcached.start(ports['memcached'], self.logs, self.detach))),
                     pool.submit(self._timed, 'Horizon: install, catalogs, compress',
                                 horizon.prepare, horizon_root)]
            tasks += [pool.submit(self._timed, name, services.SERVICES[name], self)
                      for name in self.with_services]
            _results(tasks)
            horizon.write_settings(horizon_root, self.info['keystone_url'], ports['memcached'],
                                   self._horizon_settings(), secret_key)
            tasks = [pool.submit(self._timed, f'Horizon {name} (2 workers)', lambda name=name:
                                 self.track(horizon.start(horizon_root, ports[name], self.logs,
                                                          name=name, detach=self.detach)))
                     for name in horizon_names]
            if self.beside_horizon:
                tasks.append(pool.submit(self.beside_horizon, self))
            _results(tasks)
        self.info['horizon_urls'] = [f'http://127.0.0.1:{ports[name]}' for name in horizon_names]
        self.info['horizon_url'] = self.info['horizon_urls'][0]
        (self.root / STACK_FILE).write_text(json.dumps(self.info, indent=2))
        return self.info

    def start_horizon_node(self, name: str, settings: dict) -> str:
        """One more Horizon process (1 worker) sharing this stack's Keystone and
        memcached, with SETTINGS over the stack's; returns its URL. Tests use it
        for a node configured differently; `stop(name)` ends it."""
        root = self.root / 'horizon'
        module = horizon.write_node_settings(root, name, settings)
        port = procs.free_port()
        self.track(horizon.start(root, port, self.logs, name=name, workers=1,
                                 settings_module=module))
        return f'http://127.0.0.1:{port}'

    def _start_keystone(self) -> None:
        with self.step('Keystone: database, keys, bootstrap'):
            self.keystone_conf = keystone.bootstrap(
                self.root / 'keystone', self.info['ports']['keystone'], self.logs,
                self.receipt_expiration, self.password_hash_rounds)
        with self.step('Keystone: server'):
            self.start_keystone()
        with self.step('Keystone: demo users'):
            self.info['logins'] = seed.seed(self.info['keystone_url'])

    def keystone_ready(self) -> None:
        """Block until Keystone answers with its demo users (raises if that failed)."""
        self._keystone.result()

    def _horizon_settings(self) -> dict:
        return {
            'OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED': True,
            'GENCLOUD_MFA_SERVICE_USER': seed.MFA_SERVICE_LOGIN,
            'ENABLE_DEFAULT_MFA': True,
            'LOGGING': horizon.audit_logging(self.logs / 'mfa-audit.log'),
            **self.horizon_settings,
        }

    def _timed(self, label: str, func, *args) -> None:
        began = time.monotonic()
        func(*args)
        self.progress(f'{label} ready: {time.monotonic() - began:.1f}s')

    @contextlib.contextmanager
    def step(self, label: str):
        """Progress lines `LABEL ...` and `LABEL: N.Ns` around one start-up step."""
        self.progress(f'{label} ...')
        began = time.monotonic()
        yield
        self.progress(f'{label}: {time.monotonic() - began:.1f}s')

    def track(self, proc: procs.Proc) -> None:
        self.pids[proc.name] = proc.pid

    def start_keystone(self, port: int | None = None) -> None:
        """(Re)start Keystone on its port; tests use it after `stop('keystone')`."""
        port = port or self.info['ports']['keystone']
        self.track(keystone.start(self.keystone_conf, port, self.logs, self.detach))

    def start_unguarded_keystone(self) -> str:
        """A second Keystone server on this stack's database and keys with upstream's
        TOTP method (no keystone-guard); returns its URL. `down` stops it with the rest."""
        return self._start_second_keystone(keystone.unguarded_config(self.keystone_conf),
                                           'keystone-unguarded')

    def start_compliance_keystone(self, options: dict | None = None) -> str:
        """A second Keystone on this stack's database and keys with
        [security_compliance] OPTIONS (see keystone.compliance_config); returns its URL."""
        return self._start_second_keystone(
            keystone.compliance_config(self.keystone_conf, options), 'keystone-compliance')

    def _start_second_keystone(self, conf: Path, name: str) -> str:
        port = procs.free_port()
        self.track(keystone.start(conf, port, self.logs, self.detach, name=name))
        return keystone.url(port)

    def stop(self, name: str) -> None:
        """Stop one server of the running stack (fault-injection in tests)."""
        procs.stop(self.pids.pop(name))

    def down(self) -> None:
        for pid in reversed(list(self.pids.values())):
            procs.stop(pid)
        self.pids.clear()


def _results(tasks: list[Future]) -> None:
    """Wait for every task (none is left starting servers), then raise the first failure."""
    wait(tasks)
    for task in tasks:
        task.result()


def read_info(root: Path) -> dict | None:
    try:
        return json.loads((Path(root) / STACK_FILE).read_text())
    except (OSError, ValueError):
        return None


def is_running(root: Path) -> bool:
    info = read_info(root)
    return bool(info) and any(procs.alive(pid) for pid in info['pids'].values())


def down(root: Path) -> list[str]:
    """Stop a detached stack from its stack.json; return what was stopped."""
    info = read_info(root)
    if not info:
        return []
    stopped = []
    for name, pid in reversed(list(info['pids'].items())):
        if procs.alive(pid):
            procs.stop(pid)
            stopped.append(name)
    return stopped


def log(msg: str) -> None:
    print(f'[devstack] {msg}', file=sys.stderr, flush=True)
