"""Ring files on the Horizon host, read with Swift's own classes.

Loading a big builder takes tens of milliseconds, so each ring's summary is
cached in this process and reused while the (mtime, size) of its files stay
the same. The cache holds only derived, read-only data: every Horizon
process may keep its own copy without any harm.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from gencloud_ops_panel import conf
from gencloud_ops_panel.logic import ring_summary as rs

_CACHE: dict[tuple, tuple[tuple, rs.RingSummary]] = {}
_CACHE_LOCK = threading.Lock()

# Marks of a file written by a newer Swift than ours (not of a damaged one).
_NEWER_FORMAT = ('Unsupported ring version', 'unsupported pickle protocol')


@dataclass
class RingDirectory:
    """Every ring found in one swift_dir, or why none could be listed."""
    path: str
    error: str | None = None        # 'swift-missing', 'dir-missing', 'dir-unreadable', 'no-rings'
    error_detail: str = ''
    rings: list[rs.RingSummary] = field(default_factory=list)
    swift_conf_md5: str | None = None   # this host's swift.conf, if there is one


def ring_directory() -> RingDirectory:
    """Summaries of all rings in GENCLOUD_SWIFT_DIR."""
    return read_directory(conf.get().swift_dir)


def read_directory(path: str) -> RingDirectory:
    try:
        import swift.common.ring  # noqa: F401 - optional [swift] extra
    except ImportError as exc:
        return RingDirectory(path, 'swift-missing', str(exc))
    try:
        names = os.listdir(path)
    except FileNotFoundError as exc:
        return RingDirectory(path, 'dir-missing', exc.strerror or '')
    except OSError as exc:
        return RingDirectory(path, 'dir-unreadable', exc.strerror or str(exc))
    files: dict[str, dict[str, Path]] = {}
    for filename in names:
        name = rs.ring_name(filename)
        if name:
            kind = 'builder' if filename.endswith('.builder') else 'ring'
            files.setdefault(name, {})[kind] = Path(path, filename)
    if not files:
        return RingDirectory(path, 'no-rings')
    return RingDirectory(path, rings=[
        load_ring(name, files[name].get('builder'), files[name].get('ring'))
        for name in sorted(files, key=rs.sort_key)],
        swift_conf_md5=file_md5(Path(path, 'swift.conf')))


def _signature(path: Path | None) -> tuple | None:
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return ('unstattable',)
    return (stat.st_mtime_ns, stat.st_size)


def load_ring(name: str, builder: Path | None, ring: Path | None) -> rs.RingSummary:
    """Summary of one ring from its builder and/or ring file, cached on (mtime, size)."""
    key = (builder, ring)
    signature = (_signature(builder), _signature(ring))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit and hit[0] == signature:
        return hit[1]
    summary = _read_ring(name, builder, ring)
    with _CACHE_LOCK:
        _CACHE[key] = (signature, summary)
    return summary


def _read_ring(name: str, builder_path: Path | None, ring_path: Path | None) -> rs.RingSummary:
    from swift.common.ring import RingBuilder, RingData

    errors: list[rs.FileError] = []
    ring_data = builder = None
    if ring_path:
        try:
            ring_data = RingData.load(str(ring_path))
        except Exception as exc:  # any failure is shown for this file
            errors.append(file_error(ring_path.name, exc))
    if builder_path:
        try:
            builder = RingBuilder.load(str(builder_path))
        except Exception as exc:
            errors.append(file_error(builder_path.name, exc))

    if builder is not None:
        summary = rs.from_builder(name, builder)
        if ring_path is None:
            summary.ring_file_status = rs.NO_RING_FILE
        elif ring_data is None:
            summary.ring_file_status = rs.INVALID_RING_FILE
        else:
            summary.ring_file_status = (rs.UP_TO_DATE if rs.ring_matches_builder(builder, ring_data)
                                        else rs.OBSOLETE)
    elif ring_data is not None:
        summary = rs.from_ring_data(name, ring_data)
    else:
        summary = rs.RingSummary(name)
    summary.file_errors = errors
    if ring_data is not None:
        summary.ring_md5 = file_md5(ring_path)
        # Swift < 2.36 reads (and has) only v1 and does not say so
        summary.ring_format = getattr(ring_data, 'format_version', 1)
    return summary


def file_error(filename: str, exc: BaseException) -> rs.FileError:
    """Classify why Swift could not load FILENAME: unreadable, newer format, or damaged."""
    from swift.common import exceptions as swift_errors

    cause = exc.__cause__ or exc.__context__
    detail = str(exc) + (f' ({cause})' if cause else '')
    if isinstance(exc, (gzip.BadGzipFile, EOFError, zlib.error)):
        return rs.FileError(filename, 'corrupted', detail)
    # Swift raises errno-less IOErrors for a v2 file whose index is damaged.
    if (isinstance(exc, OSError) and exc.errno is not None) or isinstance(
            exc, (swift_errors.PermissionError, swift_errors.FileNotFoundError)):
        return rs.FileError(filename, 'unreadable', detail)
    if any(mark in detail for mark in _NEWER_FORMAT) or isinstance(exc, KeyError):
        return rs.FileError(filename, 'incompatible', detail)
    return rs.FileError(filename, 'corrupted', detail)


def file_md5(path: Path) -> str | None:
    """md5 of a ring file, as `/recon/ringmd5` reports it on the storage nodes."""
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with open(path, 'rb') as stream:
            for block in iter(lambda: stream.read(1 << 16), b''):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def swift_version() -> str:
    try:
        import swift
    except ImportError:
        return ''
    return getattr(swift, '__version__', '') or ''
