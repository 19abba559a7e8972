"""The configuration reference (doc/source/configuration/index.rst) matches conf.py."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'doc' / 'source' / '_ext'))

import gencloud_settings  # noqa: E402

REFERENCE = ROOT / 'doc' / 'source' / 'configuration' / 'index.rst'


def test_reference_matches_the_code():
    assert gencloud_settings.check_file(REFERENCE.read_text()) == []


def test_both_modules_are_documented():
    modules = {module for module, _, _ in gencloud_settings.tables_in(REFERENCE.read_text())}
    assert modules == {'gencloud_mfa.conf', 'gencloud_ops_panel.conf'}


def test_a_wrong_default_fails():
    text = REFERENCE.read_text().replace(
        "   * - ``GENCLOUD_MFA_LOCKOUT_SECONDS``\n     - ``300``",
        "   * - ``GENCLOUD_MFA_LOCKOUT_SECONDS``\n     - ``600``")
    assert text != REFERENCE.read_text()
    problems = gencloud_settings.check_file(text)
    assert len(problems) == 1 and 'GENCLOUD_MFA_LOCKOUT_SECONDS' in problems[0]


def test_a_missing_and_an_unknown_row_fail():
    text = REFERENCE.read_text().replace('``GENCLOUD_SWIFT_LOAD_WARN``', '``GENCLOUD_SWIFT_LOAD_MAX``')
    problems = gencloud_settings.check_file(text)
    assert any('GENCLOUD_SWIFT_LOAD_MAX is documented' in p for p in problems)
    assert any('GENCLOUD_SWIFT_LOAD_WARN is read' in p for p in problems)


def test_check_ids_in_the_docs_are_the_ones_checks_py_raises():
    source = (ROOT / 'gencloud_mfa' / 'checks.py').read_text()
    raised = set(re.findall(r"'((?:gencloud_mfa\.)?[EWI]0\d\d)'", source))
    raised = {i.removeprefix('gencloud_mfa.') for i in raised}
    docs = set(re.findall(r'\b([EWI]0\d\d)\b', REFERENCE.read_text()))
    assert raised and docs <= raised
