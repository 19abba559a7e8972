"""A real Placement (PyPI `openstack-placement`, SQLite) on loopback.

Nothing reports inventories here (no compute service): tests and the demo
create GPU resource providers, inventories and allocations through its API.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from devstack import api_service, procs

SERVICE_PASSWORD = 'placement-secret'  # noqa: S105 - throw-away loopback stack


def write_config(root: Path, keystone_url: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / 'placement.conf').write_text(textwrap.dedent(f"""\
        [DEFAULT]
        log_file = {root / 'placement-app.log'}
        [api]
        auth_strategy = keystone
        [placement_database]
        connection = sqlite:///{root / 'placement.db'}
        sync_on_startup = true
        """) + api_service.authtoken_section(keystone_url, 'placement', SERVICE_PASSWORD))


def start_service(stack) -> None:
    """devstack.services entry: Placement registered in Keystone, URL in stack.info."""
    port = procs.free_port()
    root = stack.root / 'placement'
    url = f'http://127.0.0.1:{port}'
    with stack.step('Placement: placement-api'):
        write_config(root, stack.info['keystone_url'])
        stack.track(api_service.serve('placement-api', 'placement.wsgi.api:application', port,
                                      stack.logs, {'OS_PLACEMENT_CONFIG_DIR': str(root)},
                                      stack.detach))
    stack.keystone_ready()
    api_service.register_service(stack.info['keystone_url'], name='placement',
                                 service_type='placement', url=url, password=SERVICE_PASSWORD)
    stack.info['placement_url'] = url
    stack.info['ports']['placement'] = port
