"""Write ACTIVE servers straight into the local Nova's cell database.

The local stack runs only nova-api (no scheduler or compute), so servers
cannot boot. For GPU capacity the panel needs servers with a host and an
embedded flavor, which is exactly what a row in the cell database gives
`servers/detail`. Runs in its own process: Nova's config is process-global.

    python -m devstack.nova_servers CONFIG_DIR FLAVOR_ID COUNT HOST [FLAVOR_ID COUNT HOST ...]
"""
from __future__ import annotations

import subprocess
import sys
import uuid

from devstack import procs


def add_servers(config_dir: str, flavor_id: str, count: int, host: str) -> None:
    """Create COUNT servers of FLAVOR_ID on HOST (from the test or bench process)."""
    add_server_groups(config_dir, [(flavor_id, count, host)])


def add_server_groups(config_dir: str, groups: list[tuple[str, int, str]]) -> None:
    """Several (FLAVOR_ID, COUNT, HOST) groups in one process (importing Nova takes seconds)."""
    subprocess.run([str(procs.SERVICES_BIN_DIR / 'python'), '-m', 'devstack.nova_servers', config_dir,
                    *(str(part) for group in groups for part in group)],
                   check=True, capture_output=True, timeout=300)


def _main(config_dir: str, groups: list[tuple[str, int, str]]) -> None:
    from nova import config, context, objects

    objects.register_all()
    config.parse_args([], default_config_files=[f'{config_dir}/nova.conf'])
    admin = context.get_admin_context()
    cell = next(c for c in objects.CellMappingList.get_all(admin) if c.name == 'cell1')
    for flavor_id, count, host in groups:
        _create(admin, cell, flavor_id, count, host)


def _create(admin, cell, flavor_id: str, count: int, host: str) -> None:
    from nova import context, objects
    from nova.network import model as network_model

    flavor = objects.Flavor.get_by_flavor_id(admin, flavor_id)
    project, user = uuid.uuid4().hex, uuid.uuid4().hex
    for number in range(count):
        server_uuid = str(uuid.uuid4())
        with context.target_cell(admin, cell) as cell_ctxt:
            objects.Instance(
                cell_ctxt, uuid=server_uuid, project_id=project, user_id=user,
                display_name=f'{flavor.name}-{number}', host=host,
                vm_state='active', power_state=1, flavor=flavor,
                instance_type_id=flavor.id, memory_mb=flavor.memory_mb,
                vcpus=flavor.vcpus, root_gb=flavor.root_gb,
                ephemeral_gb=flavor.ephemeral_gb, system_metadata={},
                info_cache=objects.InstanceInfoCache(
                    network_info=network_model.NetworkInfo()),
            ).create()
        objects.InstanceMapping(admin, instance_uuid=server_uuid, cell_mapping=cell,
                                project_id=project, user_id=user,
                                queued_for_delete=False).create()


if __name__ == '__main__':
    _args = sys.argv[2:]
    _main(sys.argv[1], [(_args[n], int(_args[n + 1]), _args[n + 2])
                        for n in range(0, len(_args), 3)])
