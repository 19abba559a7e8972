"""`manage.py gencloud_mfa` and `manage.py check` against the stack's Horizon settings."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devstack import seed
from devstack.horizon import PROJECT_ROOT
from tests.mfa_helpers import audit_rows

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


def manage_against(stack, tmp_path, keystone_url, *args):
    """`manage` with Horizon (and the OS_* admin) pointed at KEYSTONE_URL."""
    (tmp_path / 'other_keystone.py').write_text(
        'from gencloud_stack_settings import *  # noqa\n'
        f'OPENSTACK_KEYSTONE_URL = {keystone_url!r}\n')
    return manage(stack, *args, settings='other_keystone', extra_path=str(tmp_path))


def test_status_lists_users_with_mfa_state(stack):
    result = manage(stack, 'gencloud_mfa', 'status')
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.strip()}
    assert 'registered' in lines['enrolled'] and 'password+totp' in lines['enrolled']
    assert lines['admin'].split()[1] == 'no'


def test_enable_then_reset_a_user(stack, new_user, keystone_admin, admin):
    secret = seed.new_totp_secret()
    user = new_user(mfa=False, totp_secret=secret)
    enabled = manage(stack, 'gencloud_mfa', 'enable', user['username'])
    assert enabled.returncode == 0, enabled.stderr
    assert keystone_admin.users.get(user['id']).options['multi_factor_auth_enabled']
    reset = manage(stack, 'gencloud_mfa', 'reset', user['username'])
    assert '1 authenticator(s) removed' in reset.stdout
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []
    # Both are audited, from the command's process, into the store every node reads.
    rows = [(event, client, by, details) for _, event, client, _, by, details
            in audit_rows(admin, user['id'])]
    assert rows == [('Authenticator reset by an administrator', '-', 'admin',
                     'authenticators removed: 1; manage.py gencloud_mfa'),
                    ('MFA required by an administrator', '-', 'admin', 'manage.py gencloud_mfa')]


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


@pytest.fixture
def single_factor_user(new_user):
    """MFA off and a TOTP credential: Keystone accepts the totp method alone."""
    return new_user(mfa=False, totp_secret=seed.new_totp_secret())


def test_without_the_guard_status_flags_single_factor_totp_and_enable_fixes_it(
        stack, single_factor_user, unguarded_keystone_url, tmp_path):
    name = single_factor_user['username']
    result = manage_against(stack, tmp_path, unguarded_keystone_url, 'gencloud_mfa', 'status')
    assert result.returncode == 0, result.stderr
    assert 'WARNING: Keystone signs users in on a TOTP code alone' in result.stdout
    assert 'gencloud-keystone-guard' in result.stdout
    assert f'WARNING: {name}: its TOTP credential signs in without the password' in result.stdout
    assert 'WARNING: MFA service identity' not in result.stdout  # as narrow as documented
    manage_against(stack, tmp_path, unguarded_keystone_url, 'gencloud_mfa', 'enable', name)
    after = manage_against(stack, tmp_path, unguarded_keystone_url, 'gencloud_mfa', 'status')
    assert f'WARNING: {name}:' not in after.stdout


def test_behind_the_guard_status_has_no_totp_warnings(stack, single_factor_user):
    result = manage(stack, 'gencloud_mfa', 'status')
    assert result.returncode == 0, result.stderr
    assert single_factor_user['username'] in result.stdout
    assert 'WARNING' not in result.stdout, result.stdout


def test_check_warns_when_keystone_has_no_guard_or_does_not_answer(
        stack, unguarded_keystone_url, tmp_path):
    unguarded = manage_against(stack, tmp_path, unguarded_keystone_url, 'check')
    assert unguarded.returncode == 0  # a warning: logins still work
    assert 'gencloud_mfa.W016' in unguarded.stderr and 'gencloud_mfa.W017' not in unguarded.stderr
    dead = manage_against(stack, tmp_path, 'http://127.0.0.1:9/v3', 'check')
    assert 'gencloud_mfa.W017' in dead.stderr and 'gencloud_mfa.W016' not in dead.stderr


def test_check_deploy_flags_single_factor_totp_without_the_guard(
        stack, new_user, unguarded_keystone_url, tmp_path):
    """A rule letting TOTP alone in: Keystone's receipt does not show it, the check does;
    behind the guard such a rule signs nobody in and the check is quiet."""
    user = new_user(rules=[['password', 'totp'], ['totp']], totp_secret=seed.new_totp_secret())
    result = manage_against(stack, tmp_path, unguarded_keystone_url, 'check', '--deploy')
    output = result.stderr + result.stdout
    assert 'gencloud_mfa.W013' in output and user['username'] in output
    guarded = manage(stack, 'check', '--deploy')
    assert 'gencloud_mfa.W013' not in guarded.stderr + guarded.stdout


def test_status_warns_when_the_service_role_can_do_more(stack, keystone_admin):
    service_user = keystone_admin.users.list(name=stack['logins']['mfa_service']['username'])[0]
    project = keystone_admin.projects.list(name='service')[0]
    reader = keystone_admin.roles.list(name='reader')[0]
    keystone_admin.roles.grant(reader, user=service_user, project=project)
    try:
        result = manage(stack, 'gencloud_mfa', 'status')
    finally:
        keystone_admin.roles.revoke(reader, user=service_user, project=project)
    assert 'WARNING: MFA service identity: has role "reader"' in result.stdout


def test_status_probes_leave_no_credential_behind(stack, keystone_admin):
    """The probes create a recovery set (needed) and another type (refused) for nobody."""
    before = {c.id for c in keystone_admin.credentials.list()}
    result = manage(stack, 'gencloud_mfa', 'status')
    assert 'MFA service identity' not in result.stdout, result.stdout
    assert {c.id for c in keystone_admin.credentials.list()} <= before


def test_check_warns_about_cookies_sent_over_plain_http(stack, tmp_path):
    (tmp_path / 'http_settings.py').write_text(
        'from gencloud_stack_settings import *  # noqa\n'
        'SILENCED_SYSTEM_CHECKS = []\n')
    result = manage(stack, 'check', settings='http_settings', extra_path=str(tmp_path))
    assert 'gencloud_mfa.W009' in result.stderr and 'gencloud_mfa.W010' in result.stderr


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
