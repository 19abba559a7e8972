"""Nothing we ship changes a file that the horizon package installed."""
from __future__ import annotations

import base64
import hashlib
from importlib import metadata

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.smoke
def test_every_horizon_file_matches_its_record(stack):
    dist = metadata.distribution('horizon')
    checked = 0
    for entry in dist.files or []:
        if not entry.hash or entry.hash.mode != 'sha256':
            continue
        digest = hashlib.sha256(entry.locate().read_bytes()).digest()
        expected = base64.urlsafe_b64decode(entry.hash.value + '==')
        assert digest == expected, f'{entry} was modified'
        checked += 1
    assert checked > 1000
