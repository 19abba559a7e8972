"""`manage.py gencloud_mfa` and `manage.py check` against the stack's Horizon settings."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devstack import seed
from devstack.horizon import PROJECT_ROOT

pytestmark = pytest.mark.integration


def manage(stack, *args, settings='gencloud_stack_settings', extra_path=None):
    admin = stack['logins']['admin']
    horizon_dir = Path(stack['root']) / 'horizon'
    env = {**os.environ, 'DJANGO_SETTINGS_MODULE': settings,
           'PYTHONPATH': os.pathsep.join(filter(None, [extra_path, str(horizon_dir),
                                                       str(PROJECT_ROOT)])),
           'OS_USERNAME': admin['username'], 'OS_PASSWORD': admin['password'],
           'OS_PROJECT_NAME': 'admin'}
    return subprocess.run([sys.executable, '-m', 'django', *args], env=env, cwd=horizon_dir,
                          capture_output=True, text=True, timeout=120)


def test_status_lists_users_with_mfa_state(stack):
    result = manage(stack, 'gencloud_mfa', 'status')
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert 'registered' in lines['enrolled'] and 'password+totp' in lines['enrolled']
    assert lines['admin'].split()[1] == 'no'


def test_enable_then_reset_a_user(stack, new_user, keystone_admin):
    secret = seed.new_totp_secret()
    user = new_user(mfa=False, totp_secret=secret)
    enabled = manage(stack, 'gencloud_mfa', 'enable', user['username'])
    assert enabled.returncode == 0, enabled.stderr
    assert keystone_admin.users.get(user['id']).options['multi_factor_auth_enabled']
    reset = manage(stack, 'gencloud_mfa', 'reset', user['username'])
    assert '1 authenticator(s) removed' in reset.stdout
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []


def test_unknown_user_is_a_clear_error(stack):
    result = manage(stack, 'gencloud_mfa', 'reset', 'nobody-by-that-name')
    assert result.returncode != 0
    assert 'no user "nobody-by-that-name"' in result.stderr


def test_check_passes_on_the_stack_settings(stack):
    result = manage(stack, 'check')
    assert result.returncode == 0, result.stderr
    assert 'gencloud_mfa.' not in result.stdout + result.stderr


def test_check_reports_signed_cookie_sessions(stack, tmp_path):
    (tmp_path / 'broken_settings.py').write_text(
        'from gencloud_stack_settings import *  # noqa\n'
        "SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'\n")
    result = manage(stack, 'check', settings='broken_settings', extra_path=str(tmp_path))
    assert result.returncode != 0
    assert 'gencloud_mfa.E001' in result.stderr


def test_status_lists_unexpected_extra_totp_credentials_and_reset_removes_them(
        stack, new_user, keystone_admin):
    user = new_user(totp_secret=seed.new_totp_secret())
    extra = keystone_admin.credentials.create(user=user['id'], type='totp',
                                              blob=seed.new_totp_secret())
    status = manage(stack, 'gencloud_mfa', 'status')
    assert status.returncode == 0, status.stderr
    row = next(line for line in status.stdout.splitlines()
               if line.startswith(user['username'] + ' '))
    assert '2 (UNEXPECTED)' in row
    listed = status.stdout.split('Unexpected extra TOTP credentials', 1)[1]
    assert extra.id in listed and user['username'] in listed
    secrets = [c.blob for c in keystone_admin.credentials.list(user_id=user['id'])]
    assert not any(secret in status.stdout for secret in secrets)

    reset = manage(stack, 'gencloud_mfa', 'reset', user['username'])
    assert '2 authenticator(s) removed' in reset.stdout
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []
