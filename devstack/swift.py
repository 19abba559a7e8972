"""Real Swift storage servers (PyPI `swift`) for two loopback "nodes".

Rings are built with `swift-ring-builder` like the operators' seed: part power
10, 2 replicas, min_part_hours 1, one device per node in zones 1 and 2. Each
node has its own swift_dir (a copy of the ring files, so a test can make one
node's ring differ), its own devices folder and recon cache, and runs
account/container/object servers with the recon middleware. Swift uses
eventlet, so it only ever runs in these subprocesses, never in Django.
"""
from __future__ import annotations

import shutil
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from devstack import procs

RING_TYPES = ('account', 'container', 'object')
PART_POWER, REPLICAS, MIN_PART_HOURS = 10, 2, 1
DEVICE = 'sdb1'
# A weight-0 device in the object ring: the demo's one deliberate warning
# (a drive being drained), visible on the Storage Rings page.
DRAINED_DEVICE = 'sdc1'

SWIFT_CONF = textwrap.dedent("""\
    [swift-hash]
    swift_hash_path_prefix = gencloud-local-prefix
    swift_hash_path_suffix = gencloud-local-suffix

    [storage-policy:0]
    name = Policy-0
    default = yes
    """)


@dataclass
class Node:
    """One storage "host": three servers on their own loopback ports."""
    name: str
    zone: int
    root: Path
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def swift_dir(self) -> Path:
        return self.root / 'etc'

    @property
    def devices(self) -> Path:
        return self.root / 'srv'

    def recon_url(self, ring_type: str) -> str:
        return f'http://127.0.0.1:{self.ports[ring_type]}/recon'

    def server_name(self, ring_type: str) -> str:
        return f'swift-{self.name}-{ring_type}'


class SwiftCluster:
    """Rings in ROOT (the Horizon host's swift_dir) and two storage nodes."""

    def __init__(self, root: Path, log_dir: Path, *, detach: bool = False) -> None:
        self.swift_dir = Path(root)
        self.log_dir = log_dir
        self.detach = detach
        self.nodes = [Node(f'node{zone}', zone, self.swift_dir / 'nodes' / f'node{zone}',
                           {ring: procs.free_port() for ring in RING_TYPES})
                      for zone in (1, 2)]
        self.pids: dict[str, int] = {}

    def build(self) -> None:
        """Write swift.conf and build + rebalance the three rings (at the same time)."""
        self.swift_dir.mkdir(parents=True, exist_ok=True)
        (self.swift_dir / 'swift.conf').write_text(SWIFT_CONF)
        with ThreadPoolExecutor(len(RING_TYPES)) as pool:
            list(pool.map(self._build_ring, RING_TYPES))
        for node in self.nodes:
            self._prepare_node(node)

    def _build_ring(self, ring_type: str) -> None:
        builder = str(self.swift_dir / f'{ring_type}.builder')
        self._ring_builder(builder, 'create', PART_POWER, REPLICAS, MIN_PART_HOURS)
        devices = [(node, DEVICE, 100) for node in self.nodes]
        if ring_type == 'object':
            devices.append((self.nodes[-1], DRAINED_DEVICE, 0))
        # One `add` for all devices (r<region>z<zone>-<ip>:<port>/<device> <weight> ...):
        # each swift-ring-builder run costs a Swift import.
        self._ring_builder(builder, 'add', *(
            part for node, device, weight in devices
            for part in (f'r1z{node.zone}-127.0.0.1:{node.ports[ring_type]}/{device}', weight)))
        self._ring_builder(builder, 'rebalance', '--seed', 1)

    def _ring_builder(self, *args) -> None:
        procs.run([str(procs.SERVICES_BIN_DIR / 'swift-ring-builder'), *map(str, args)],
                  self.log_dir, 'swift-ring-builder')

    def _prepare_node(self, node: Node) -> None:
        node.swift_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.swift_dir / 'swift.conf', node.swift_dir)
        self.sync_rings(node)
        for device in self.node_devices(node):
            self.set_mounted(node, device, True)
        (node.root / 'cache').mkdir(exist_ok=True)
        for ring_type in RING_TYPES:
            (node.root / f'{ring_type}-server.conf').write_text(
                self._server_conf(node, ring_type))

    def node_devices(self, node: Node) -> list[str]:
        return [DEVICE, DRAINED_DEVICE] if node is self.nodes[-1] else [DEVICE]

    def sync_rings(self, node: Node) -> None:
        """Copy the current ring files to NODE, as operators do after a rebalance."""
        for ring in self.swift_dir.glob('*.ring.gz'):
            shutil.copy(ring, node.swift_dir / ring.name)

    @staticmethod
    def set_mounted(node: Node, device: str, mounted: bool) -> None:
        """Recon counts a device as mounted when DEV/.ismount exists."""
        marker = node.devices / device / '.ismount'
        marker.parent.mkdir(parents=True, exist_ok=True)
        if mounted:
            marker.touch()
        else:
            marker.unlink(missing_ok=True)

    def _server_conf(self, node: Node, ring_type: str) -> str:
        return textwrap.dedent(f"""\
            [DEFAULT]
            bind_ip = 127.0.0.1
            bind_port = {node.ports[ring_type]}
            workers = 0
            user = root
            swift_dir = {node.swift_dir}
            devices = {node.devices}
            mount_check = false
            log_udp_host = 127.0.0.1

            [pipeline:main]
            pipeline = healthcheck recon {ring_type}-server

            [app:{ring_type}-server]
            use = egg:swift#{ring_type}

            [filter:healthcheck]
            use = egg:swift#healthcheck

            [filter:recon]
            use = egg:swift#recon
            recon_cache_path = {node.root / 'cache'}
            """)

    def start_node(self, node: Node) -> list[procs.Proc]:
        """Start NODE's three servers and wait until each answers."""
        started = [procs.start(node.server_name(ring_type),
                               [str(procs.SERVICES_BIN_DIR / f'swift-{ring_type}-server'),
                                str(node.root / f'{ring_type}-server.conf')],
                               self.log_dir, detach=self.detach)
                   for ring_type in RING_TYPES]
        for ring_type, proc in zip(RING_TYPES, started, strict=True):
            self.pids[proc.name] = proc.pid
            procs.wait_http(f'http://127.0.0.1:{node.ports[ring_type]}/healthcheck', proc)
        return started

    def stop_node(self, node: Node) -> None:
        for ring_type in RING_TYPES:
            pid = self.pids.pop(node.server_name(ring_type), None)
            if pid:
                procs.stop(pid)

    def stop(self) -> None:
        for node in self.nodes:
            self.stop_node(node)

    def info(self) -> dict:
        return {
            'dir': str(self.swift_dir),
            'nodes': {node.name: {'swift_dir': str(node.swift_dir),
                                  'devices': str(node.devices),
                                  'recon': {ring_type: node.recon_url(ring_type)
                                            for ring_type in RING_TYPES}}
                      for node in self.nodes},
        }


def start(stack) -> None:
    """devstack service: rings + two storage nodes; Horizon reads the rings."""
    cluster = SwiftCluster(stack.root / 'swift', stack.logs, detach=stack.detach)
    with stack.step('Swift: rings'):
        cluster.build()
    with stack.step('Swift: two storage nodes'), ThreadPoolExecutor(len(cluster.nodes)) as pool:
        for procs_of_node in pool.map(cluster.start_node, cluster.nodes):
            for proc in procs_of_node:
                stack.track(proc)
    stack.info['swift'] = cluster.info()
    stack.horizon_settings['GENCLOUD_SWIFT_DIR'] = str(cluster.swift_dir)
