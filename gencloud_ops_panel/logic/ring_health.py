"""Health checks over ring summaries and recon answers (pure functions).

A Check carries a code and parameters, not text: the panel turns codes into
translated sentences, so this module stays free of Django.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from gencloud_ops_panel.logic import ring_summary as rs

OK, INFO, WARNING, DANGER = 'ok', 'info', 'warning', 'danger'
_SEVERITY = {OK: 0, INFO: 1, WARNING: 2, DANGER: 3}


@dataclass
class Check:
    level: str
    code: str
    params: dict = field(default_factory=dict)
    ring: str | None = None


@dataclass
class Limits:
    balance_percent: float = 1.0
    disk_usage_percent: float = 80.0
    replication_max_age: float = 86400.0


@dataclass
class DeviceState:
    """What recon says about one device of one storage server."""
    reachable: bool = True
    mounted: bool | None = None      # None: recon did not mention it
    usage_percent: float | None = None


def worst(checks: list[Check]) -> str:
    return max((c.level for c in checks), key=_SEVERITY.__getitem__, default=OK)


def ring_checks(ring: rs.RingSummary, limits: Limits) -> list[Check]:
    """The checks `swift-ring-builder <builder>` output lets an operator do by eye."""
    checks = [Check(DANGER, f'file-{err.code}', {'file': err.filename, 'detail': err.detail},
                    ring.name) for err in ring.file_errors]
    if not ring.readable:
        return checks
    weighted = [dev for dev in ring.devices if dev.weight > 0]
    zones = {(dev.region, dev.zone) for dev in weighted}
    if ring.replicas > len(weighted):
        checks.append(Check(DANGER, 'replicas-over-devices',
                            {'replicas': ring.replicas, 'devices': len(weighted)}, ring.name))
    elif ring.replicas > len(zones):
        checks.append(Check(WARNING, 'replicas-over-zones',
                            {'replicas': ring.replicas, 'zones': len(zones)}, ring.name))
    if ring.balance is not None and ring.balance > limits.balance_percent:
        checks.append(Check(WARNING, 'balance', {'balance': round(ring.balance, 2),
                                                 'limit': limits.balance_percent}, ring.name))
    zero = [dev for dev in ring.devices if dev.weight <= 0]
    if zero:
        checks.append(Check(WARNING, 'zero-weight', {'devices': ', '.join(
            f'{dev.address}/{dev.device}' for dev in zero)}, ring.name))
    if ring.ring_file_status == rs.OBSOLETE:
        checks.append(Check(WARNING, 'ring-obsolete', {}, ring.name))
    elif ring.ring_file_status == rs.NO_RING_FILE:
        checks.append(Check(WARNING, 'ring-missing', {}, ring.name))
    return checks


def md5_mismatches(nodes, local_md5: dict[str, str]) -> dict[str, list[str]]:
    """{ring file name: [ip:port of nodes whose copy differs]}.

    Nodes keep rings at their own paths, so files are matched by name. The
    reference is this host's ring file, else the copy most nodes have.
    """
    by_file: dict[str, dict[str, str | None]] = {}
    for node in nodes:
        answer = node.answers.get('ringmd5')
        for path, digest in (answer.items() if isinstance(answer, dict) else ()):
            by_file.setdefault(os.path.basename(str(path)), {})[node.address] = digest
    mismatches = {}
    for filename, digests in sorted(by_file.items()):
        expected = local_md5.get(filename) or Counter(digests.values()).most_common(1)[0][0]
        differing = sorted(addr for addr, digest in digests.items() if digest != expected)
        if differing:
            mismatches[filename] = differing
    return mismatches


def recon_checks(nodes, local_md5: dict[str, str], limits: Limits, now: float) -> list[Check]:
    """Cluster checks from recon: reachability, ring md5, mounts, disk usage, replication."""
    checks = [Check(DANGER, 'unreachable', {'address': node.address, 'error': node.error})
              for node in nodes if not node.reachable]
    for node in nodes:
        if node.failed:
            checks.append(Check(WARNING, 'recon-failed', {
                'address': node.address, 'checks': ', '.join(sorted(node.failed))}))
    for filename, addresses in md5_mismatches(nodes, local_md5).items():
        checks.append(Check(DANGER, 'md5-mismatch',
                            {'file': filename, 'addresses': ', '.join(addresses)}))
    for (address, device), state in sorted(device_states(nodes).items()):
        if state.mounted is False:
            checks.append(Check(DANGER, 'unmounted', {'address': address, 'device': device}))
        elif state.usage_percent is not None and state.usage_percent > limits.disk_usage_percent:
            checks.append(Check(WARNING, 'disk-usage', {
                'address': address, 'device': device, 'usage': round(state.usage_percent, 1),
                'limit': limits.disk_usage_percent}))
    checks.extend(_replication_checks(nodes, limits, now))
    return checks


def replication_last(node) -> float | None:
    """When the node's last replication pass finished (epoch), if recon says so."""
    answer = node.answers.get('replication')
    if not isinstance(answer, dict):
        return None
    last = answer.get('replication_last') or answer.get('object_replication_last')
    return float(last) if isinstance(last, (int, float)) and last else None


def _replication_checks(nodes, limits: Limits, now: float) -> list[Check]:
    never, checks = [], []
    for node in nodes:
        if not isinstance(node.answers.get('replication'), dict):
            continue
        last = replication_last(node)
        if last is None:
            never.append(node.address)
        elif now - last > limits.replication_max_age:
            checks.append(Check(WARNING, 'replication-stale', {
                'address': node.address, 'hours': round((now - last) / 3600, 1)}))
    if never:
        checks.append(Check(INFO, 'replication-unknown', {'addresses': ', '.join(never)}))
    return checks


def device_states(nodes) -> dict[tuple[str, str], DeviceState]:
    """{(ip:port, device): DeviceState} from /recon/diskusage and /recon/unmounted."""
    states: dict[tuple[str, str], DeviceState] = {}
    for node in nodes:
        for entry in _entries(node.answers.get('diskusage')):
            state = states.setdefault((node.address, entry['device']), DeviceState())
            state.mounted = entry.get('mounted') is True
            size, used = entry.get('size'), entry.get('used')
            if state.mounted and isinstance(size, int) and size > 0 and isinstance(used, int):
                state.usage_percent = 100.0 * used / size
        for entry in _entries(node.answers.get('unmounted')):
            states.setdefault((node.address, entry['device']), DeviceState()).mounted = False
    return states


def _entries(answer) -> list[dict]:
    """Recon's list of per-device dicts, skipping anything malformed."""
    if not isinstance(answer, list):
        return []
    return [entry for entry in answer if isinstance(entry, dict) and 'device' in entry]


def device_state(states: dict, unreachable: set[str], dev: rs.Device) -> DeviceState:
    if dev.address in unreachable:
        return DeviceState(reachable=False)
    return states.get((dev.address, dev.device), DeviceState())


@dataclass
class ChartRow:
    """One device in the ring charts; *_width are bar lengths in % of the chart."""
    label: str
    usage_percent: float | None
    partition_share: float
    weight_share: float
    partition_width: float
    weight_width: float


def chart_rows(ring: rs.RingSummary, states: dict, unreachable: set[str]) -> list[ChartRow]:
    """Disk usage, and share of partitions next to share of weight, per device."""
    parts = sum(dev.partitions for dev in ring.devices) or 1
    weight = sum(dev.weight for dev in ring.devices) or 1
    shares = [(100.0 * dev.partitions / parts, 100.0 * dev.weight / weight)
              for dev in ring.devices]
    scale = max((max(pair) for pair in shares), default=0) or 1
    return [ChartRow(f'{dev.address}/{dev.device}',
                     device_state(states, unreachable, dev).usage_percent,
                     round(part_share, 2), round(weight_share, 2),
                     round(100 * part_share / scale, 2), round(100 * weight_share / scale, 2))
            for dev, (part_share, weight_share) in zip(ring.devices, shares, strict=True)]


@dataclass
class Assessment:
    """Everything the page shows besides the ring summaries themselves."""
    ring_checks: dict[str, list[Check]]
    cluster_checks: list[Check]
    states: dict[tuple[str, str], DeviceState]
    unreachable: set[str]
    md5_differs: set[str]


def assess(rings: list[rs.RingSummary], nodes, limits: Limits, now: float) -> Assessment:
    local_md5 = {f'{ring.name}.ring.gz': ring.ring_md5 for ring in rings if ring.ring_md5}
    return Assessment(
        ring_checks={ring.name: ring_checks(ring, limits) for ring in rings},
        cluster_checks=recon_checks(nodes, local_md5, limits, now),
        states=device_states(nodes),
        unreachable={node.address for node in nodes if not node.reachable},
        md5_differs={address for addresses in md5_mismatches(nodes, local_md5).values()
                     for address in addresses})
