"""Storage Rings panel against real Swift storage servers (two loopback nodes)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from devstack import procs, swift
from gencloud_ops_panel.api import swift_recon, swift_rings
from gencloud_ops_panel.logic import ring_health

pytestmark = pytest.mark.integration
PANEL = '/admin/gencloud_rings/'


def _page(admin) -> str:
    page = admin.get(PANEL)
    assert page.status_code == 200
    return re.sub(r'\s+', ' ', page.text)


def _section(html: str, ring: str) -> str:
    match = re.search(rf'data-ring="{re.escape(ring)}"(.*?)(?=data-ring="|$)', html)
    assert match, f'no tab for ring {ring}'
    return match.group(1)


def _node_ring(stack, node: str, filename: str) -> Path:
    return Path(stack['swift']['nodes'][node]['swift_dir']) / filename


def test_every_ring_has_a_tab_with_the_seed_layout(admin, stack):
    html = _page(admin)
    for ring in ('account', 'container', 'object'):
        section = _section(html, ring)
        assert '1024 (part power 10)' in section
        assert '2.000000' in section and 'up to date' in section
        assert '0.00% (0.000000)' in section      # overload, as swift-ring-builder prints it
    assert 'Devices with weight 0' in _section(html, 'object')   # the demo's warning
    chart = _section(html, 'object').split('Share of partitions vs share of weight')[1]
    assert chart.count('>partitions 50.0%<') == 2 and '>weight 0.0%<' in chart
    assert 'Device sdb1' not in html and 'differs from the copy' not in html
    assert 'unreachable' not in html.split('Storage servers')[-1].split('</table>')[0]


def test_health_tab_has_everything_swift_recon_all_reports(admin, stack):
    """Fresh nodes: clocks, versions and swift.conf agree; daemons that never ran
    say "no data yet" (info), not a problem."""
    html = _page(admin)
    servers = html.split('Storage servers')[-1].split('</table>')[0]
    cells = [cell.strip() for cell in re.findall(r'<td[^>]*>(.*?)</td>', servers)]
    assert cells.count(swift_rings.swift_version()) == 6, cells      # Swift version column
    assert cells.count('in sync') == 6 and cells.count('matches') == 12, cells  # ring, swift.conf
    assert len([c for c in cells if re.fullmatch(r'(\d+\.\d\d / ){2}\d+\.\d\d', c)]) == 6
    assert len([c for c in cells if 'time-wait' in c]) == 6
    assert 'auditor: no data yet' in servers and 'expirer: no data yet' in servers
    assert re.search(r'No auditor data yet from (127\.0\.0\.1:\d+(, )?){6}: normal', html)
    for alarm in ('Clock off', 'different Swift versions', 'Quarantined', 'swift.conf on',
                  'No swift.conf md5', 'Async pendings above', 'auditor found failures'):
        assert alarm not in html, alarm


def test_ring_md5_mismatch_on_one_node(admin, stack):
    """Node 2 still has an old object ring: compared by file name, keyed by ip:port."""
    ring = _node_ring(stack, 'node2', 'object.ring.gz')
    original = ring.read_bytes()
    account = _node_ring(stack, 'node2', 'account.ring.gz').read_bytes()
    try:
        ring.write_bytes(account)       # a valid ring, just not this one
        html = _page(admin)
    finally:
        ring.write_bytes(original)
    address = stack['swift']['nodes']['node2']['recon']['object'].split('/')[2]
    match = re.search(r'object\.ring\.gz on ([0-9.:, ]+) differs from the copy', html)
    assert match, 'no md5 mismatch reported'
    assert address in match.group(1)
    row = re.search(rf'<tr[^>]*>\s*<td[^>]*>\s*{re.escape(address)}\s*</td>(.*?)</tr>', html)
    assert row and re.search(r'>\s*differs\s*<', row.group(1))       # Health tab row
    assert 'differs from the copy' not in _page(admin)


def test_unmounted_device(admin, stack):
    devices = Path(stack['swift']['nodes']['node1']['devices'])
    marker = devices / swift.DEVICE / '.ismount'
    marker.unlink()
    try:
        html = _page(admin)
    finally:
        marker.touch()
    assert re.search(r'Device sdb1 on 127\.0\.0\.1:\d+ is not mounted', html)
    assert 'unmounted' in _section(html, 'object')


def test_corrupted_ring_file_is_reported_for_that_ring_only(admin, stack):
    bad = Path(stack['swift']['dir']) / 'object-7.ring.gz'
    bad.write_bytes(b'\x1f\x8b not really gzip')
    try:
        html = _page(admin)
    finally:
        bad.unlink()
    assert 'object-7.ring.gz is damaged or is not a Swift ring file' in _section(html, 'object-7')
    assert '1024 (part power 10)' in _section(html, 'object')


def test_hung_node_is_shown_unreachable_in_its_rows_only(admin, stack):
    """A server that accepts but never answers (SIGSTOP): one timeout, then 'unreachable'."""
    pid = stack['pids']['swift-node2-object']
    address = stack['swift']['nodes']['node2']['recon']['object'].split('/')[2]
    os.kill(pid, signal.SIGSTOP)
    try:
        html = _page(admin)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert f'{address} does not answer recon' in html
    object_tab = _section(html, 'object')
    assert object_tab.count('node unreachable') == 2         # sdb1 and sdc1 on node 2
    assert '1024 (part power 10)' in object_tab
    assert 'node unreachable' not in _section(html, 'container')


# --- a cluster of our own, so stopping a node cannot disturb other tests ------

@pytest.fixture(scope='module')
def cluster(tmp_path_factory):
    root = tmp_path_factory.mktemp('swift')
    (root / 'logs').mkdir()
    own = swift.SwiftCluster(root / 'swift', root / 'logs')
    own.build()
    try:
        for node in own.nodes:
            own.start_node(node)
        yield own
    finally:
        own.stop()


def _status(cluster, timeout=2.0, limits=None):
    directory = swift_rings.read_directory(str(cluster.swift_dir))
    nodes = swift_recon.query_all(swift_recon.endpoints(directory.rings), timeout, workers=8)
    assessment = ring_health.assess(directory.rings, nodes, limits or ring_health.Limits(),
                                    time.time(), directory.swift_conf_md5)
    return nodes, assessment


def _by_code(assessment, code):
    return [c.params for c in assessment.cluster_checks if c.code == code]


def test_async_pendings_and_quarantined_objects(cluster):
    """swift-recon-cron counts async pendings into the recon cache; quarantined items
    are counted by recon itself. Before the cron ran, async says "no data yet"."""
    node = cluster.nodes[0]
    objects = f'127.0.0.1:{node.ports["object"]}'
    _, assessment = _status(cluster)
    no_data = {c['what']: c['addresses'] for c in _by_code(assessment, 'no-data')}
    assert set(no_data) == {'auditor', 'updater', 'expirer', 'async', 'driveaudit'}
    assert objects in no_data['async']
    device = node.devices / swift.DEVICE
    pending = device / 'async_pending' / 'abc'
    pending.mkdir(parents=True)
    for index in range(3):
        (pending / f'{index:032x}-1700000000.00000').write_text('')
    (device / 'quarantined' / 'objects' / 'deadbeef').mkdir(parents=True)
    try:
        subprocess.run([str(procs.SERVICES_BIN_DIR / 'swift-recon-cron'),
                        str(node.root / 'object-server.conf')], check=True, timeout=60,
                       capture_output=True)
        nodes, assessment = _status(cluster, limits=ring_health.Limits(async_pending=2))
    finally:
        shutil.rmtree(device / 'async_pending')
        shutil.rmtree(device / 'quarantined')
        (node.root / 'cache' / 'object.recon').unlink()
    assert _by_code(assessment, 'async-pending') == [{'nodes': f'{objects} (3)', 'limit': 2}]
    [quarantined] = _by_code(assessment, 'quarantined')
    assert quarantined['nodes'] == ', '.join(f'127.0.0.1:{node.ports[kind]} (1)'
                                             for kind in ('account', 'container', 'object'))
    [async_no_data] = [c['addresses'] for c in _by_code(assessment, 'no-data')
                       if c['what'] == 'async']
    assert objects not in async_no_data
    [report] = [n for n in nodes if n.address == objects]
    assert ring_health.last_pass(report, 'async') == 3


def test_stopped_node_is_unreachable(cluster):
    nodes, assessment = _status(cluster)
    assert all(node.reachable for node in nodes) and len(nodes) == 6
    assert not [c for c in assessment.cluster_checks if c.level == 'danger']
    stopped = cluster.nodes[1]
    cluster.stop_node(stopped)
    try:
        nodes, assessment = _status(cluster)
    finally:
        cluster.start_node(stopped)
    dead = {node.address for node in nodes if not node.reachable}
    assert dead == {f'127.0.0.1:{port}' for port in stopped.ports.values()}
    unreachable = [c.params['address'] for c in assessment.cluster_checks
                   if c.code == 'unreachable']
    assert set(unreachable) == dead


def test_node_with_rewritten_ring_differs_by_md5(cluster):
    node = cluster.nodes[0]
    shutil.copy(node.swift_dir / 'container.ring.gz', node.swift_dir / 'object.ring.gz')
    try:
        _, assessment = _status(cluster)
    finally:
        cluster.sync_rings(node)
    [mismatch] = [c for c in assessment.cluster_checks if c.code == 'md5-mismatch']
    assert mismatch.params == {'file': 'object.ring.gz',
                               'addresses': ', '.join(sorted(
                                   f'127.0.0.1:{port}' for port in node.ports.values()))}
    _, assessment = _status(cluster)
    assert not [c for c in assessment.cluster_checks if c.code == 'md5-mismatch']
