"""`gencloud-horizon install`: put our enabled files into a Horizon tree.

Horizon discovers plugins through files in openstack_dashboard/local/enabled/
and settings snippets in openstack_dashboard/local/local_settings.d/. We only
add or remove our own files there; no file that Horizon ships is touched.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
from importlib import resources
from pathlib import Path

# Sub-folder of openstack_dashboard/local/ -> sub-folder of our enabled package.
_TARGETS = {'enabled': '.', 'local_settings.d': 'local_settings.d'}


def shipped_files() -> dict[str, list[Path]]:
    """Our files per target folder, read from the installed package."""
    root = Path(str(resources.files('gencloud_horizon.enabled')))
    return {
        target: sorted(p for p in (root / source).glob('_[0-9]*.py'))
        for target, source in _TARGETS.items()
    }


def find_dashboard_dir(horizon_dir: str | None) -> Path:
    """openstack_dashboard/ of the given Horizon, or of the importable one."""
    if horizon_dir is None:
        spec = importlib.util.find_spec('openstack_dashboard')
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit('openstack_dashboard is not importable here; '
                             'pass --horizon-dir PATH')
        return Path(list(spec.submodule_search_locations)[0])
    path = Path(horizon_dir)
    if (path / 'openstack_dashboard').is_dir():
        path = path / 'openstack_dashboard'
    if not (path / 'local').is_dir():
        raise SystemExit(f'{path} does not look like a Horizon tree '
                         '(no local/ folder)')
    return path


def install(dashboard_dir: Path) -> list[str]:
    """Copy our files in; return what changed. Safe to run again."""
    changed = []
    for target, files in shipped_files().items():
        dest_dir = dashboard_dir / 'local' / target
        dest_dir.mkdir(parents=True, exist_ok=True)
        for src in files:
            dest = dest_dir / src.name
            if dest.exists() and dest.read_bytes() == src.read_bytes():
                continue
            shutil.copyfile(src, dest)
            changed.append(f'installed {dest}')
    return changed


def uninstall(dashboard_dir: Path) -> list[str]:
    """Remove exactly the files `install` puts there."""
    changed = []
    for target, files in shipped_files().items():
        for src in files:
            dest = dashboard_dir / 'local' / target / src.name
            if dest.exists():
                dest.unlink()
                changed.append(f'removed {dest}')
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='gencloud-horizon')
    sub = parser.add_subparsers(dest='command', required=True)
    inst = sub.add_parser('install', help='install enabled files and settings snippet')
    inst.add_argument('--horizon-dir', help='Horizon tree (default: the importable one)')
    inst.add_argument('--uninstall', action='store_true', help='remove them again')
    args = parser.parse_args(argv)

    dashboard_dir = find_dashboard_dir(args.horizon_dir)
    changed = (uninstall if args.uninstall else install)(dashboard_dir)
    for line in changed:
        print(line)
    if not changed:
        print(f'nothing to do in {dashboard_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
