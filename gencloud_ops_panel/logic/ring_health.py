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
    time_jitter: float = 1.0            # seconds a node's clock may be off
    async_pending: int = 100            # async pendings per object server
    load: float = 10.0                  # 5-minute load average


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


SWIFT_CONF = 'swift.conf'
MD5_ANSWERS = ('ringmd5', 'swiftconfmd5')


def md5_mismatches(nodes, local_md5: dict[str, str]) -> dict[str, list[str]]:
    """{ring file or swift.conf: [ip:port of nodes whose copy differs]}.

    Nodes keep rings at their own paths, so files are matched by name. The
    reference is this host's copy, else the copy most nodes have.
    """
    by_file: dict[str, dict[str, str]] = {}
    for node in nodes:
        for name in MD5_ANSWERS:
            answer = node.answers.get(name)
            for path, digest in (answer.items() if isinstance(answer, dict) else ()):
                if isinstance(digest, str):     # None: the node could not read it
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
    checks.extend(daemon_checks(nodes, limits))
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


def has_data(answer) -> bool:
    """Recon answers {key: None, ...} until the daemon behind it wrote its cache once."""
    return isinstance(answer, dict) and any(value is not None for value in answer.values())


def nested_sum(answer, key: str) -> float:
    """Sum of KEY at any depth (the object auditor nests its stats per device)."""
    if isinstance(answer, dict):
        return sum(value if name == key and _number(value) else nested_sum(value, key)
                   for name, value in answer.items())
    return 0


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def clock_skew(node, jitter: float) -> float | None:
    """Seconds the node's clock is outside the request's window, like swift-recon's
    time check; None when within JITTER or not reported."""
    remote, window = node.answers.get('time'), node.windows.get('time')
    if not _number(remote) or window is None:
        return None
    sent, received = window
    if remote + jitter < sent:
        return remote - sent
    if remote - jitter > received:
        return remote - received
    return None


def auditor_failures(node) -> int:
    """Failed audits (account, container) or errors (object) of the last pass."""
    answer = node.answers.get('auditor')
    if not isinstance(answer, dict):
        return 0
    failed = answer.get(f'{node.endpoint.server_type}_audits_failed')
    return failed if _number(failed) else int(nested_sum(answer, 'errors'))


# Recon answers that stay empty until a daemon's first pass ("no data yet"),
# and the key of each that `last_pass` reads.
DAEMON_ANSWERS = {'auditor': '{type}_auditor_pass_completed', 'updater': '{type}_updater_sweep',
                  'expirer': 'object_expiration_pass', 'async': 'async_pending',
                  'driveaudit': 'drive_audit_errors'}


def last_pass(node, name: str) -> float | None:
    """What recon caches of a daemon's last pass: seconds it took (auditor, updater,
    expirer), async pendings left or drive errors found (swift-drive-audit); None
    until the daemon has reported one."""
    answer = node.answers.get(name)
    if not isinstance(answer, dict):
        return None
    if name == 'auditor' and node.endpoint.server_type == 'object':
        stats = answer.get('object_auditor_stats_ALL')
        return nested_sum(stats, 'audit_time') if stats else None
    value = answer.get(DAEMON_ANSWERS[name].format(type=node.endpoint.server_type))
    return value if _number(value) else None


def swift_versions(nodes) -> dict[str, list[str]]:
    """{Swift version: [ip:port of the servers running it]} from /recon/version."""
    versions: dict[str, list[str]] = {}
    for node in nodes:
        answer = node.answers.get('version')
        if isinstance(answer, dict) and isinstance(answer.get('version'), str):
            versions.setdefault(answer['version'], []).append(node.address)
    return versions


def _joined(pairs) -> str:
    return ', '.join(f'{address} ({value})' for address, value in pairs)


def daemon_checks(nodes, limits: Limits) -> list[Check]:
    """The rest of `swift-recon --all`: async pendings, quarantined, clock,
    versions, load, auditor failures; empty answers say "no data yet"."""
    checks: list[Check] = []
    answering = [node for node in nodes if node.reachable]
    pending = [(n.address, last_pass(n, 'async')) for n in answering]
    if over := [(a, count) for a, count in pending
                if count is not None and count > limits.async_pending]:
        checks.append(Check(WARNING, 'async-pending', {'nodes': _joined(over),
                                                       'limit': limits.async_pending}))
    quarantined = [(n.address, sum(n.answers['quarantined'].get(kind) or 0 for kind in
                                   ('objects', 'containers', 'accounts')))
                   for n in answering if isinstance(n.answers.get('quarantined'), dict)]
    if found := [(a, count) for a, count in quarantined if count]:
        checks.append(Check(WARNING, 'quarantined', {'nodes': _joined(found)}))
    skewed = [(n.address, f'{skew:+.1f} s') for n in answering
              if (skew := clock_skew(n, limits.time_jitter)) is not None]
    if skewed:
        checks.append(Check(WARNING, 'clock-skew', {'nodes': _joined(skewed),
                                                    'jitter': limits.time_jitter}))
    if len(versions := swift_versions(answering)) > 1:
        checks.append(Check(WARNING, 'version-mismatch', {'versions': '; '.join(
            f'{version}: {", ".join(addresses)}'
            for version, addresses in sorted(versions.items()))}))
    loaded = [(n.address, n.answers['load'].get('5m')) for n in answering
              if isinstance(n.answers.get('load'), dict)]
    if busy := [(a, load) for a, load in loaded if _number(load) and load > limits.load]:
        checks.append(Check(WARNING, 'load', {'nodes': _joined(busy), 'limit': limits.load}))
    if failing := [(n.address, count) for n in answering if (count := auditor_failures(n))]:
        checks.append(Check(WARNING, 'auditor-failures', {'nodes': _joined(failing)}))
    if drives := [(n.address, errors) for n in answering
                  if (errors := last_pass(n, 'driveaudit'))]:
        checks.append(Check(WARNING, 'drive-errors', {'nodes': _joined(drives)}))
    no_conf = [n.address for n in answering if 'swiftconfmd5' in n.answers
               and not has_data(n.answers['swiftconfmd5'])]
    if no_conf:
        checks.append(Check(INFO, 'swiftconf-unknown', {'addresses': ', '.join(no_conf)}))
    for name in DAEMON_ANSWERS:
        empty = [n.address for n in answering
                 if name in n.answers and last_pass(n, name) is None]
        if empty:
            checks.append(Check(INFO, 'no-data', {'what': name, 'addresses': ', '.join(empty)}))
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
    md5_differs: set[str]               # a ring file differs
    swift_conf_differs: set[str] = field(default_factory=set)


def assess(rings: list[rs.RingSummary], nodes, limits: Limits, now: float,
           swift_conf_md5: str | None = None) -> Assessment:
    """SWIFT_CONF_MD5: of this host's swift.conf, the reference for the nodes' copies."""
    local_md5 = {f'{ring.name}.ring.gz': ring.ring_md5 for ring in rings if ring.ring_md5}
    if swift_conf_md5:
        local_md5[SWIFT_CONF] = swift_conf_md5
    mismatches = md5_mismatches(nodes, local_md5)
    return Assessment(
        ring_checks={ring.name: ring_checks(ring, limits) for ring in rings},
        cluster_checks=recon_checks(nodes, local_md5, limits, now),
        states=device_states(nodes),
        unreachable={node.address for node in nodes if not node.reachable},
        md5_differs={address for filename, addresses in mismatches.items()
                     if filename != SWIFT_CONF for address in addresses},
        swift_conf_differs=set(mismatches.get(SWIFT_CONF, ())))
