"""The shipped Prometheus rules load and pass their promtool unit tests."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / 'deploy' / 'prometheus'
PROMTOOL = shutil.which('promtool')

pytestmark = pytest.mark.skipif(not PROMTOOL, reason='promtool (Debian prometheus) missing')


def promtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize('rule_file', [RULES / 'openstack.rules.yml',
                                       ROOT / 'devstack' / 'prometheus_stack.rules.yml'])
def test_rule_file_is_valid(rule_file):
    result = promtool('check', 'rules', str(rule_file))
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_pass():
    result = promtool('test', 'rules', str(RULES / 'tests.yml'))
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_bugs_are_fixed():
    text = (RULES / 'openstack.rules.yml').read_text()
    assert 'openstack_swift_up' not in text.split('groups:')[1]
    assert '$labels.project_id' not in text
