"""Reading ring files with Swift's classes: summaries, cache, and every bad input."""
from __future__ import annotations

import gzip
import os
import pickle
import struct

import pytest
from swift.common.ring import RingBuilder

from gencloud_ops_panel.api import swift_rings
from gencloud_ops_panel.logic import ring_summary as rs
from tests.unit.swift_ring_files import seed_builder, write_ring


def _ring(directory, name):
    return {ring.name: ring for ring in swift_rings.read_directory(str(directory)).rings}[name]


def test_ring_names_and_order():
    assert rs.ring_name('object-12.ring.gz') == 'object-12'
    assert rs.ring_name('account.builder') == 'account'
    assert rs.ring_name('object.builder.bak') is None
    assert rs.ring_name('swift.conf') is None
    names = ['object-2', 'object', 'container', 'object-10', 'account']
    assert sorted(names, key=rs.sort_key) == [
        'account', 'container', 'object', 'object-2', 'object-10']


def test_seed_ring_summary_matches_swift_ring_builder(tmp_path):
    write_ring(tmp_path, 'account', seed_builder())
    ring = _ring(tmp_path, 'account')
    assert (ring.source, ring.partitions, ring.part_power, ring.replicas) == (
        'builder', 1024, 10, 2)
    assert (ring.min_part_hours, ring.regions, ring.zones, len(ring.devices)) == (1, 1, 2, 2)
    assert ring.balance == 0 and ring.dispersion == 0 and ring.overload_percent == 0
    assert ring.ring_file_status == rs.UP_TO_DATE
    assert [(d.zone, d.address, d.partitions, d.balance) for d in ring.devices] == [
        (1, '127.0.0.1:6200', 1024, 0), (2, '127.0.0.1:6201', 1024, 0)]
    assert ring.ring_md5 == swift_rings.file_md5(tmp_path / 'account.ring.gz')
    left = ring.min_part_seconds_left(ring.last_moves_epoch + 600)
    assert left == 3000


@pytest.mark.parametrize('format_version', [1, 2])
def test_v1_and_v2_ring_files_read_alike(tmp_path, format_version):
    """Swift >= 2.36 may write v2 rings; with or without the builder they read the same."""
    write_ring(tmp_path, 'object', seed_builder(), format_version=format_version)
    write_ring(tmp_path, 'object-1', seed_builder(), keep_builder=False,
               format_version=format_version)
    assert gzip.decompress((tmp_path / 'object.ring.gz').read_bytes())[:6] == (
        b'R1NG' + struct.pack('!H', format_version))
    with_builder, ring_only = _ring(tmp_path, 'object'), _ring(tmp_path, 'object-1')
    assert with_builder.ring_file_status == rs.UP_TO_DATE
    assert (with_builder.ring_format, ring_only.ring_format) == (format_version, format_version)
    assert ring_only.source == 'ring' and ring_only.replicas == 2 and ring_only.part_power == 10
    assert [(d.address, d.partitions) for d in ring_only.devices] == [
        ('127.0.0.1:6200', 1024), ('127.0.0.1:6201', 1024)]
    assert with_builder.ring_md5 == swift_rings.file_md5(tmp_path / 'object.ring.gz')


def test_v2_ring_file_is_obsolete_against_a_newer_builder(tmp_path):
    builder = seed_builder()
    write_ring(tmp_path, 'object', builder, format_version=2)
    builder.set_dev_weight(0, 50)
    builder.pretend_min_part_hours_passed()
    builder.rebalance(seed=1)
    builder.save(str(tmp_path / 'object.builder'))
    assert _ring(tmp_path, 'object').ring_file_status == rs.OBSOLETE


def test_ring_file_only_has_no_balance(tmp_path):
    write_ring(tmp_path, 'object-1', seed_builder(), keep_builder=False)
    ring = _ring(tmp_path, 'object-1')
    assert ring.source == 'ring' and ring.ring_file_status == rs.NOT_CHECKED
    assert ring.balance is None and ring.dispersion is None and ring.min_part_hours is None
    assert [d.partitions for d in ring.devices] == [1024, 1024]


def test_obsolete_and_missing_ring_files(tmp_path):
    builder = seed_builder()
    write_ring(tmp_path, 'object', builder)
    builder.add_dev({'region': 1, 'zone': 3, 'ip': '127.0.0.1', 'port': 6202,
                     'device': 'sdb1', 'weight': 100})
    builder.pretend_min_part_hours_passed()
    builder.rebalance(seed=1)
    builder.save(str(tmp_path / 'object.builder'))
    write_ring(tmp_path, 'container', seed_builder(), ring=False)
    assert _ring(tmp_path, 'object').ring_file_status == rs.OBSOLETE
    assert _ring(tmp_path, 'container').ring_file_status == rs.NO_RING_FILE


def test_builder_before_its_first_rebalance(tmp_path):
    """The seed prints the builder right after `add`: no partitions assigned yet."""
    builder = RingBuilder(10, 2, 1)
    builder.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': 6202,
                     'device': 'sdb2', 'weight': 100})
    builder.save(str(tmp_path / 'account.builder'))
    ring = _ring(tmp_path, 'account')
    assert ring.readable and ring.balance is None and ring.ring_file_status == rs.NO_RING_FILE
    assert [d.partitions for d in ring.devices] == [0]


def test_marked_for_removal_device_is_flagged_del(tmp_path):
    builder = seed_builder()
    builder.remove_dev(1)
    write_ring(tmp_path, 'object', builder, ring=False)
    assert [d.flags for d in _ring(tmp_path, 'object').devices] == [(), ('DEL',)]


def test_cache_hit_until_mtime_or_size_changes(tmp_path):
    write_ring(tmp_path, 'object', seed_builder())
    first = _ring(tmp_path, 'object')
    assert _ring(tmp_path, 'object') is first
    write_ring(tmp_path, 'object', seed_builder(replicas=1))
    later = os.stat(tmp_path / 'object.builder').st_mtime_ns + 10**9
    os.utime(tmp_path / 'object.builder', ns=(later, later))
    again = _ring(tmp_path, 'object')
    assert again is not first and again.replicas == 1


# --- bad input: a clear message for that ring, never an exception ----------

def test_missing_directory():
    result = swift_rings.read_directory('/nonexistent/swift')
    assert result.error == 'dir-missing' and result.rings == []


def test_directory_without_rings(tmp_path):
    (tmp_path / 'swift.conf').write_text('')
    assert swift_rings.read_directory(str(tmp_path)).error == 'no-rings'


def test_directory_that_is_a_file(tmp_path):
    (tmp_path / 'swift').write_text('')
    assert swift_rings.read_directory(str(tmp_path / 'swift')).error == 'dir-unreadable'


@pytest.mark.parametrize('content', [b'', b'not gzip at all', gzip.compress(b'R1NG\x00')[:-3],
                                     gzip.compress(b'garbage that is gzip')])
def test_corrupted_ring_file(tmp_path, content):
    write_ring(tmp_path, 'account', seed_builder())
    (tmp_path / 'container.ring.gz').write_bytes(content)
    container = _ring(tmp_path, 'container')
    assert not container.readable
    assert [(e.filename, e.code) for e in container.file_errors] == [
        ('container.ring.gz', 'corrupted')]
    assert _ring(tmp_path, 'account').readable      # other rings unaffected


def test_truncated_ring_next_to_good_builder(tmp_path):
    write_ring(tmp_path, 'object', seed_builder())
    ring_file = tmp_path / 'object.ring.gz'
    ring_file.write_bytes(ring_file.read_bytes()[:100])
    ring = _ring(tmp_path, 'object')
    assert ring.readable and ring.ring_file_status == rs.INVALID_RING_FILE
    assert [e.code for e in ring.file_errors] == ['corrupted'] and ring.ring_md5 is None


@pytest.mark.parametrize('damage', ['truncated', 'recompressed', 'flipped'])
def test_damaged_v2_ring_file_is_corrupted_not_unreadable(tmp_path, damage):
    """v2 readers raise errno-less IOErrors ('Could not read index offset'): a damaged
    file, not a permission problem."""
    write_ring(tmp_path, 'object', seed_builder(), format_version=2)
    ring_file = tmp_path / 'object.ring.gz'
    data = ring_file.read_bytes()
    raw = bytearray(gzip.decompress(data))
    raw[len(raw) // 2] ^= 0xFF
    ring_file.write_bytes({'truncated': data[:len(data) // 2],
                           'recompressed': gzip.compress(gzip.decompress(data)),
                           'flipped': gzip.compress(bytes(raw))}[damage])
    ring = _ring(tmp_path, 'object')
    assert ring.readable and ring.ring_file_status == rs.INVALID_RING_FILE
    assert [e.code for e in ring.file_errors] == ['corrupted'] and ring.ring_md5 is None


def test_corrupted_builder(tmp_path):
    (tmp_path / 'object.builder').write_bytes(b'garbage')
    assert [e.code for e in _ring(tmp_path, 'object').file_errors] == ['corrupted']


def test_ring_file_from_newer_swift(tmp_path):
    (tmp_path / 'object.ring.gz').write_bytes(
        gzip.compress(b'R1NG' + struct.pack('!H', 3) + b'\x00' * 32))
    [error] = _ring(tmp_path, 'object').file_errors
    assert error.code == 'incompatible' and 'version: 3' in error.detail


def test_builder_from_newer_swift(tmp_path):
    """A builder whose layout this Swift does not know (renamed field)."""
    fields = seed_builder().to_dict()
    fields['replica_count'] = fields.pop('replicas')
    with open(tmp_path / 'object.builder', 'wb') as out:
        pickle.dump(fields, out, protocol=2)
    (tmp_path / 'account.builder').write_bytes(b'\x80\x09' + b'\x00' * 16)
    assert [e.code for e in _ring(tmp_path, 'object').file_errors] == ['incompatible']
    assert [e.code for e in _ring(tmp_path, 'account').file_errors] == ['incompatible']


def test_unreadable_ring_file(tmp_path):
    (tmp_path / 'object.ring.gz').mkdir()
    [error] = _ring(tmp_path, 'object').file_errors
    assert error.code == 'unreadable' and 'Is a directory' in error.detail
