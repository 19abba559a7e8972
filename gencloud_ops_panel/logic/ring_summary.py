"""What `swift-ring-builder <builder>` prints, as plain data.

Pure functions over Swift's own RingBuilder / RingData objects (no file or
network access), so the page and the tests share one interpretation.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

READ_ERRORS = ('unreadable', 'incompatible', 'corrupted')
RING_FILE = re.compile(r'^(account|container|object(?:-\d+)?)\.(builder|ring\.gz)$')
UP_TO_DATE, OBSOLETE, NO_RING_FILE, INVALID_RING_FILE, NOT_CHECKED = (
    'up-to-date', 'obsolete', 'missing', 'invalid', 'not-checked')


@dataclass
class Device:
    id: int
    region: int
    zone: int
    ip: str
    port: int
    replication_ip: str
    replication_port: int
    device: str
    weight: float
    partitions: int
    balance: float | None = None
    flags: tuple[str, ...] = ()

    @property
    def address(self) -> str:
        return f'{self.ip}:{self.port}'

    @property
    def replication_address(self) -> str:
        return f'{self.replication_ip}:{self.replication_port}'


@dataclass
class FileError:
    """`code` is one of READ_ERRORS; `detail` is Swift's own (untranslated) message."""
    filename: str
    code: str
    detail: str


@dataclass
class RingSummary:
    """One ring (account, container, object, object-N).

    `file_errors` lists the ring's files that could not be read; when none
    could, `source` is empty and only `file_errors` is meaningful.
    """
    name: str
    source: str = ''                   # 'builder', 'ring' or '' (unreadable)
    file_errors: list[FileError] = field(default_factory=list)
    part_power: int | None = None
    replicas: float | None = None
    min_part_hours: int | None = None
    last_moves_epoch: float | None = None   # builder only: when min_part_hours started
    overload: float | None = None
    balance: float | None = None
    dispersion: float | None = None
    build_version: int | None = None
    ring_file_status: str = NOT_CHECKED
    ring_md5: str | None = None
    ring_format: int | None = None      # of the .ring.gz: 1, or 2 (Swift >= 2.36)
    devices: list[Device] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return bool(self.source)

    @property
    def partitions(self) -> int | None:
        return None if self.part_power is None else 2 ** self.part_power

    @property
    def overload_percent(self) -> float | None:
        return None if self.overload is None else 100.0 * self.overload

    @property
    def server_type(self) -> str:
        """account / container / object: which storage server serves this ring."""
        return self.name.split('-')[0]

    @property
    def regions(self) -> int:
        return len({dev.region for dev in self.devices})

    @property
    def zones(self) -> int:
        return len({(dev.region, dev.zone) for dev in self.devices})

    def min_part_seconds_left(self, now: float) -> int | None:
        """Like RingBuilder.min_part_seconds_left, but at render time (cache-safe)."""
        if self.last_moves_epoch is None or self.min_part_hours is None:
            return None
        return max(int(self.min_part_hours * 3600 - (now - self.last_moves_epoch)), 0)


def ring_name(filename: str) -> str | None:
    """'object-1.ring.gz' -> 'object-1'; None for files that are not rings."""
    match = RING_FILE.match(filename)
    return match.group(1) if match else None


def sort_key(name: str) -> tuple:
    """account, container, object, object-1, object-2, ... (policy index order)."""
    kind, _, index = name.partition('-')
    return (('account', 'container', 'object').index(kind), int(index or 0))


def _device(dev: dict, partitions: int, balance: float | None,
            flags: tuple[str, ...] = ()) -> Device:
    return Device(id=dev['id'], region=dev.get('region', 1), zone=dev['zone'],
                  ip=dev['ip'], port=dev['port'],
                  replication_ip=dev.get('replication_ip', dev['ip']),
                  replication_port=dev.get('replication_port', dev['port']),
                  device=dev['device'], weight=float(dev['weight']),
                  partitions=partitions, balance=balance, flags=flags)


def _device_sort_key(dev: Device) -> tuple:
    return (dev.region, dev.zone, dev.ip, dev.device)


def from_builder(name: str, builder) -> RingSummary:
    """Summarize a loaded swift.common.ring.RingBuilder."""
    devs = [dev for dev in builder.devs if dev is not None]
    try:
        per_dev = builder._build_balance_per_dev() if builder._replica2part2dev else {}
    except ZeroDivisionError:       # every device has weight 0
        per_dev = {}
    removing = {dev['id'] for dev in builder._remove_devs}
    devices = [_device(dev, dev.get('parts', 0), per_dev.get(dev['id']),
                       ('DEL',) if dev['id'] in removing else ())
               for dev in devs]
    return RingSummary(
        name=name, source='builder', part_power=builder.part_power,
        replicas=builder.replicas, min_part_hours=builder.min_part_hours,
        last_moves_epoch=builder._last_part_moves_epoch, overload=builder.overload,
        balance=max((abs(b) for b in per_dev.values()), default=None),
        dispersion=builder.dispersion, build_version=builder.version,
        devices=sorted(devices, key=_device_sort_key))


def ring_matches_builder(builder, ring_data) -> bool:
    """The comparison `swift-ring-builder <builder>` does ('up-to-date' / 'obsolete')."""
    built = builder.get_ring().to_dict()
    written = ring_data.to_dict()
    built.pop('dev_id_bytes', None)
    written.pop('dev_id_bytes', None)
    return built == written


def from_ring_data(name: str, ring_data) -> RingSummary:
    """Summarize a loaded RingData when no builder is present: no balance/dispersion."""
    counts: Counter = Counter()
    for part2dev in ring_data._replica2part2dev_id:
        counts.update(part2dev)
    devices = [_device(dev, counts.get(dev['id'], 0), None)
               for dev in ring_data.devs if dev is not None]
    return RingSummary(
        name=name, source='ring', part_power=ring_data.part_power,
        replicas=float(ring_data.replica_count), build_version=ring_data.version,
        devices=sorted(devices, key=_device_sort_key))
