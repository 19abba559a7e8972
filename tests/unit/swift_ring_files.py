"""Real ring files for unit tests, built with Swift's own RingBuilder."""
from __future__ import annotations

from pathlib import Path

from swift.common.ring import RingBuilder


def seed_builder(devices=(('127.0.0.1', 6200, 1, 'sdb1', 100), ('127.0.0.1', 6201, 2, 'sdb1', 100)),
                 part_power: int = 10, replicas: int = 2) -> RingBuilder:
    """Like the seed: `create 10 2 1`, one device per zone, `rebalance --seed 1`."""
    builder = RingBuilder(part_power, replicas, 1)
    for ip, port, zone, device, weight in devices:
        builder.add_dev({'region': 1, 'zone': zone, 'ip': ip, 'port': port,
                         'device': device, 'weight': weight})
    builder.rebalance(seed=1)
    return builder


def write_ring(folder: Path, name: str, builder: RingBuilder, *, ring: bool = True,
               keep_builder: bool = True, format_version: int = 1) -> None:
    """FORMAT_VERSION 2 is the ring format of Swift >= 2.36 (sections and an index)."""
    if keep_builder:
        builder.save(str(folder / f'{name}.builder'))
    if ring:
        builder.get_ring().save(str(folder / f'{name}.ring.gz'), format_version=format_version)
