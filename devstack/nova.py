"""A real nova-api (PyPI `nova`, SQLite, fake:// RPC) on loopback.

Only the compute API runs: no scheduler, conductor or compute service, so
flavors, extra specs and server listings are real while nothing boots.
Servers for GPU capacity are written straight into the cell database by
devstack.nova_servers.
"""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

from devstack import api_service, procs

SERVICE_PASSWORD = 'nova-secret'  # noqa: S105 - throw-away loopback stack
# Nova's [pci] alias is not exposed by its API; the panel reads the same map
# from GENCLOUD_GPU_ALIASES.
PCI_ALIASES = {
    't4': {'model': 'NVIDIA Tesla T4', 'vendor_id': '10de', 'product_id': '1eb8'},
    'a100': {'model': 'NVIDIA A100', 'vendor_id': '10de', 'product_id': '20b0'},
}


def write_config(root: Path, keystone_url: str) -> Path:
    """Write nova.conf + api-paste.ini into ROOT (Nova's config dir)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(procs.SERVICES_BIN_DIR.parent / 'etc' / 'nova' / 'api-paste.ini', root)
    aliases = '\n'.join(
        'alias = ' + json.dumps({'name': name, 'vendor_id': spec['vendor_id'],
                                 'product_id': spec['product_id'], 'device_type': 'type-PCI'})
        for name, spec in PCI_ALIASES.items())
    (root / 'nova.conf').write_text(textwrap.dedent(f"""\
        [DEFAULT]
        transport_url = fake://
        log_file = {root / 'nova-app.log'}
        state_path = {root}
        [api]
        auth_strategy = keystone
        response_validation = ignore
        [api_database]
        connection = {db_url(root, 'api')}
        [database]
        connection = {db_url(root, 'cell1')}
        [oslo_concurrency]
        lock_path = {root / 'locks'}
        """) + api_service.authtoken_section(keystone_url, 'nova', SERVICE_PASSWORD)
        + f'[pci]\n{aliases}\n')
    return root / 'nova.conf'


def db_url(root: Path, name: str) -> str:
    return f'sqlite:///{root / f"nova_{name}.db"}'


def create_databases(root: Path, log_dir: Path) -> None:
    """api_db sync, map cell0, db sync, create cell1 (~15 s)."""
    manage = [str(procs.SERVICES_BIN_DIR / 'nova-manage'), '--config-dir', str(root)]
    for step in (['api_db', 'sync'],
                 ['cell_v2', 'map_cell0', '--database_connection', db_url(root, 'cell0')],
                 ['db', 'sync'],
                 ['cell_v2', 'create_cell', '--name', 'cell1']):
        procs.run(manage + step, log_dir, 'nova-manage')


def start_service(stack) -> None:
    """devstack.services entry: nova-api registered in Keystone, URL in stack.info."""
    port = procs.free_port()
    root = stack.root / 'nova'
    nova_url = f'http://127.0.0.1:{port}/v2.1'
    with stack.step('Nova: databases'):
        write_config(root, stack.info['keystone_url'])
        create_databases(root, stack.logs)
    with stack.step('Nova: nova-api'):
        stack.track(api_service.serve('nova-api', 'devstack.wsgi_nova:application', port,
                                      stack.logs, {'OS_NOVA_CONFIG_DIR': str(root)},
                                      stack.detach))
    stack.keystone_ready()
    api_service.register_service(stack.info['keystone_url'], name='nova',
                                 service_type='compute', url=nova_url, password=SERVICE_PASSWORD)
    stack.info['nova_url'] = nova_url
    stack.info['nova_config_dir'] = str(root)
    stack.info['ports']['nova'] = port
    stack.horizon_settings['GENCLOUD_GPU_ALIASES'] = PCI_ALIASES
    # Loopback answers in milliseconds; a stopped Nova should fail fast in tests.
    stack.horizon_settings.setdefault('GENCLOUD_API_TIMEOUT', 5)

