"""gencloud_mfa's imports run downward only: dashboards/flow -> keystone -> state -> logic.

Read from the source with `ast`, so a forbidden import fails here even when
it sits inside a function.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / 'gencloud_mfa'
OURS = 'gencloud_mfa'
CLIENTS = ('django', 'keystoneauth1', 'keystoneclient', 'openstack_auth', 'horizon',
           'openstack_dashboard')

# folder -> names it must not import (a name forbids the module and everything below it)
FORBIDDEN = {
    'logic': (*CLIENTS, f'{OURS}.conf', f'{OURS}.state', f'{OURS}.keystone', f'{OURS}.flow',
              f'{OURS}.dashboards'),
    'state': (f'{OURS}.keystone', f'{OURS}.flow', f'{OURS}.dashboards'),
    'keystone': (f'{OURS}.flow', f'{OURS}.dashboards'),
    'flow': (f'{OURS}.dashboards',),
    # Panels share flow's operations (attempts, messages, forms), never its login pages.
    'dashboards': tuple(f'{OURS}.flow.{page}' for page in (
        'step', 'recover', 'login_pages', 'after_enrollment', 'finish', 'password_plugin')),
}


def imported_names(path: Path, root: Path = PACKAGE.parent) -> set[str]:
    """Every module PATH imports, as absolute dotted names (`from a import b` gives a.b too)."""
    package = '.'.join(path.relative_to(root).with_suffix('').parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ''
            if node.level:
                parent = package.rsplit('.', node.level - 1)[0] if node.level > 1 else package
                base = f'{parent}.{base}' if base else parent
            names.add(base)
            names.update(f'{base}.{alias.name}' for alias in node.names)
    return names


def upward(path: Path, forbidden: tuple[str, ...], root: Path = PACKAGE.parent) -> list[str]:
    return sorted(name for name in imported_names(path, root)
                  if any(name == bad or name.startswith(bad + '.') for bad in forbidden))


@pytest.mark.parametrize('folder', sorted(FORBIDDEN))
def test_no_import_runs_upward(folder):
    found = {str(path.relative_to(PACKAGE)): upward(path, FORBIDDEN[folder])
             for path in sorted((PACKAGE / folder).rglob('*.py'))}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_checker_sees_upward_imports_relative_and_inside_functions(tmp_path):
    state = tmp_path / 'gencloud_mfa' / 'state'
    state.mkdir(parents=True)
    (state / 'bad.py').write_text('import django.conf\nfrom gencloud_mfa.flow import step\n'
                                  'def later():\n    from ..keystone import admin\n')
    assert upward(state / 'bad.py', FORBIDDEN['state'], root=tmp_path) == [
        'gencloud_mfa.flow', 'gencloud_mfa.flow.step',
        'gencloud_mfa.keystone', 'gencloud_mfa.keystone.admin']
