"""Starting, waiting for and stopping the stack's server processes."""
from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

BIN_DIR = Path(sys.executable).parent
# Swift, Nova and Placement: separate services that may run from another
# environment than Horizon and Keystone (`./dev matrix` runs old Horizon and
# Keystone releases from their own venvs beside the newest services).
SERVICES_BIN_DIR = Path(os.environ.get('GENCLOUD_SERVICES_BIN') or BIN_DIR)
# An attached server gets SIGTERM when the *thread* that forked it ends
# (PR_SET_PDEATHSIG, set by util-linux `setpriv` so no Python runs between
# fork and exec). Start-up steps run in worker threads that end early, so
# every server is forked by this one thread, which lives as long as the launcher.
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix='devstack-spawner')
_DIE_WITH_LAUNCHER = ['setpriv', '--pdeathsig', 'TERM', '--']


# Below Linux's ephemeral range (32768-60999), so no outgoing connection holds
# one; each pytest-xdist worker (gw0, gw1, ...) draws from its own block, so
# stacks started at the same moment never pick the same port.
_PORT_BLOCK = 2000
_PORT_BASE = 20000
_handed_out: set[int] = set()
_port_lock = threading.Lock()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now, never handed out twice."""
    worker = os.environ.get('PYTEST_XDIST_WORKER', 'gw0').removeprefix('gw')
    first = _PORT_BASE + _PORT_BLOCK * (int(worker) % 6 if worker.isdigit() else 0)
    with _port_lock:  # start-up steps run in threads
        for port in random.sample(range(first, first + _PORT_BLOCK), _PORT_BLOCK):
            if port in _handed_out:
                continue
            with socket.socket() as sock:
                try:
                    sock.bind(('127.0.0.1', port))
                except OSError:
                    continue
            _handed_out.add(port)
            return port
    raise RuntimeError(f'no free port in {first}-{first + _PORT_BLOCK}')


@dataclass
class Proc:
    name: str
    pid: int
    log: Path


def start(name: str, argv: list[str], log_dir: Path, *, env: dict | None = None,
          cwd: Path | None = None, detach: bool = False) -> Proc:
    """Start a server in its own process group with output to LOG_DIR/NAME.log.

    Attached servers die with the launcher; detached ones outlive it until
    `stop` is called with their pid (from stack.json).
    """
    log = log_dir / f'{name}.log'
    with open(log, 'ab') as out:
        popen = _SPAWNER.submit(
            subprocess.Popen, argv if detach else _DIE_WITH_LAUNCHER + argv,
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})}, cwd=cwd, start_new_session=True).result()
    return Proc(name, popen.pid, log)


def alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM the process group, SIGKILL it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.05)


def wait_http(url: str, proc: Proc, timeout: float = 60.0) -> None:
    """Block until URL answers (any HTTP status); fail early if PROC exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(proc.pid):
            raise RuntimeError(f'{proc.name} exited during start-up; see {proc.log}:\n'
                               + tail(proc.log))
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise TimeoutError(f'{proc.name} did not answer {url} in {timeout:.0f}s; see {proc.log}')


def wait_port(port: int, proc: Proc, timeout: float = 30.0) -> None:
    """Block until something accepts TCP connections on 127.0.0.1:PORT."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(proc.pid):
            raise RuntimeError(f'{proc.name} exited during start-up:\n' + tail(proc.log))
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f'{proc.name} did not listen on {port} in {timeout:.0f}s')


def tail(path: Path, lines: int = 30) -> str:
    try:
        return '\n'.join(path.read_text(errors='replace').splitlines()[-lines:])
    except OSError:
        return ''


def run(argv: list[str], log_dir: Path, name: str, env: dict | None = None) -> None:
    """Run a set-up command to completion, failing with its output."""
    log = log_dir / f'{name}.log'
    with open(log, 'ab') as out:
        result = subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, check=False)
    if result.returncode:
        raise RuntimeError(f'{" ".join(argv[:3])} failed ({result.returncode}):\n' + tail(log))
