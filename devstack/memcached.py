"""memcached (Debian package) shared by every Horizon worker and process."""
from __future__ import annotations

import shutil
from pathlib import Path

from devstack import procs


def start(port: int, log_dir: Path, detach: bool = False) -> procs.Proc:
    binary = shutil.which('memcached') or '/usr/bin/memcached'
    proc = procs.start('memcached', [binary, '-u', 'root', '-l', '127.0.0.1',
                                     '-p', str(port), '-U', '0', '-m', '64'],
                       log_dir, detach=detach)
    procs.wait_port(port, proc)
    return proc
