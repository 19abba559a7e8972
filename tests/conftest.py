"""Session-wide real stack for integration tests (started once, stopped always)."""
from __future__ import annotations

import pytest

from devstack.stack import Stack


@pytest.fixture(scope='session')
def stack(tmp_path_factory):
    """Keystone + memcached + Horizon (2 workers) on loopback for the whole session."""
    with Stack(tmp_path_factory.mktemp('stack')) as info:
        yield info
