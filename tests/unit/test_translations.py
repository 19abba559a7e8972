"""Every shipped catalog is complete Korean, and its compiled .mo matches the .po."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted(ROOT.glob('gencloud_*/locale/*/LC_MESSAGES/django.po'))


def test_korean_catalogs_exist():
    assert any(path.parts[-3] == 'ko' for path in CATALOGS)


@pytest.mark.parametrize('po_path', CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_complete_and_compiled(po_path):
    with po_path.open('rb') as po_file:
        catalog = read_po(po_file)
    untranslated = [m.id for m in catalog if m.id and not all(
        m.string if isinstance(m.string, tuple) else [m.string])]
    assert untranslated == []
    mo_path = po_path.with_suffix('.mo')
    assert mo_path.exists(), f'compile {po_path} (./dev setup does it)'
    with mo_path.open('rb') as mo_file:
        compiled = _messages(read_mo(mo_file))
    assert compiled == _messages(catalog)


def _messages(catalog) -> dict:
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value
    return {key(m.id): key(m.string) for m in catalog if m.id}
