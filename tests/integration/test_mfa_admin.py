"""Identity > Users with MFA: auto-MFA on create, status, reset, re-enrollment."""
from __future__ import annotations

import re
import uuid

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient, form_defaults
from gencloud_mfa.conf import DEFAULT_RULES
from gencloud_mfa.logic import enroll_window
from tests.mfa_helpers import (
    LANDING,
    codes,
    codes_left,
    is_code_page,
    is_enrollment,
    past_recovery_codes,
    path_of,
    shown_key,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def create_user_via_form(admin, keystone_admin):
    """Fill Identity > Users > Create User like an admin would (project demo, member)."""
    project = keystone_admin.projects.list(name='demo')[0].id
    member = keystone_admin.roles.list(name='member')[0].id

    def create(require_mfa: bool) -> tuple[str, str, object]:
        page = admin.get('/identity/users/create/')
        data = form_defaults(page.text, 'create_user_form')
        name = f'created-{uuid.uuid4().hex[:8]}'
        data.update(name=name, password='Pw-' + name, confirm_password='Pw-' + name,
                    email='', description='', project=project, role_id=member)
        data.pop('require_mfa', None)
        if require_mfa:
            data['require_mfa'] = 'on'
        answer = admin.post_form('/identity/users/create/', data)
        return name, 'Pw-' + name, answer

    return create


def keystone_user(keystone_admin, name):
    return keystone_admin.users.list(name=name)[0]


def test_create_form_has_the_checkbox_checked_by_default(admin):
    page = admin.get('/identity/users/create/')
    checkbox = re.search(r'<input[^>]*name="require_mfa"[^>]*>', page.text).group(0)
    assert 'checked' in checkbox  # ENABLE_DEFAULT_MFA = True in the stack
    assert 'Require MFA (TOTP)' in page.text


def test_create_with_require_mfa_sets_options(create_user_via_form, keystone_admin):
    name, _, answer = create_user_via_form(require_mfa=True)
    assert answer.status_code == 200 and path_of(answer) == '/identity/users/'
    options = keystone_user(keystone_admin, name).options
    assert options['multi_factor_auth_enabled'] is True
    assert options['multi_factor_auth_rules'] == DEFAULT_RULES
    # Its enrollment window opened (enroll_window.py), recorded in Keystone.
    assert enroll_window.parse(getattr(keystone_user(keystone_admin, name), enroll_window.ATTRIBUTE))


def test_create_without_require_mfa_leaves_user_alone(create_user_via_form, keystone_admin):
    name, _, _ = create_user_via_form(require_mfa=False)
    assert not keystone_user(keystone_admin, name).options.get('multi_factor_auth_enabled')


@pytest.mark.smoke
def test_users_table_shows_mfa_status(admin, stack):
    page = admin.get('/identity/users/')
    assert page.status_code == 200
    row = re.search(r'<tr[^>]*data-display="enrolled".*?</tr>', page.text, re.S).group(0)
    assert 'Registered' in row and 'password+totp | application_credential' in row
    row = re.search(r'<tr[^>]*data-display="demo".*?</tr>', page.text, re.S).group(0)
    assert 'Not registered' in row


def test_created_user_enrolls_then_admin_resets_then_enrolls_again(
        admin, create_user_via_form, stack, client_ip, keystone_admin):
    name, password, _ = create_user_via_form(require_mfa=True)
    user_id = keystone_user(keystone_admin, name).id

    def enroll():
        client = HorizonClient(stack['horizon_url'], client_ip)
        page = client.login(name, password)
        assert is_enrollment(page)
        secret = shown_key(page)
        done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
        assert path_of(past_recovery_codes(client, done)) == LANDING
        return secret

    first_secret = enroll()
    assert codes_left(keystone_admin, user_id) == 10
    cert = keystone_admin.credentials.create(user=user_id, type='cert', blob='not a secret')
    index = admin.get('/identity/users/')
    reset = admin.post_form('/identity/users/', {
        'action': f'users__reset_authenticator__{user_id}'})
    assert reset.status_code == 200
    assert keystone_admin.credentials.list(user_id=user_id, type='totp') == []
    assert codes_left(keystone_admin, user_id) == 0  # printed codes die with the phone
    assert [c.id for c in keystone_admin.credentials.list(user_id=user_id)] == [cert.id]
    options = keystone_user(keystone_admin, name).options
    assert options['multi_factor_auth_enabled'] is True  # rules kept
    assert index.status_code == 200

    second_secret = enroll()
    assert second_secret != first_secret


def test_require_mfa_action_on_existing_user(admin, new_user, keystone_admin, stack, client_ip):
    user = new_user(mfa=False)
    admin.get('/identity/users/')
    admin.post_form('/identity/users/', {'action': f"users__require_mfa__{user['id']}"})
    options = keystone_admin.users.get(user['id']).options
    assert options['multi_factor_auth_enabled'] is True
    page = HorizonClient(stack['horizon_url'], client_ip).login(
        user['username'], user['password'])
    assert is_enrollment(page)


def test_enrolled_seed_user_gets_code_page(stack, client_ip):
    login = stack['logins']['enrolled']
    page = HorizonClient(stack['horizon_url'], client_ip).login(
        login['username'], login['password'])
    assert is_code_page(page)
    assert seed.MFA_RULES == DEFAULT_RULES


@pytest.fixture(scope='module')
def unguarded_admin(live_stack, stack, unguarded_keystone_url):
    """The admin, signed in on a Horizon node whose Keystone has no TOTP guard."""
    url = live_stack.start_horizon_node('horizon-unguarded',
                                        {'OPENSTACK_KEYSTONE_URL': unguarded_keystone_url})
    client = HorizonClient(url)
    login = stack['logins']['admin']
    client.login(login['username'], login['password'])
    yield client
    live_stack.stop('horizon-unguarded')


def user_row(client, name: str) -> str:
    return re.search(rf'<tr[^>]*data-display="{name}".*?</tr>',
                     client.get('/identity/users/').text, re.S).group(0)


def test_users_table_flags_single_factor_totp_and_require_mfa_fixes_it(
        unguarded_admin, admin, new_user, keystone_admin):
    user = new_user(mfa=False, totp_secret=seed.new_totp_secret())
    guarded = user_row(admin, user['username'])  # behind the guard the code alone is refused
    assert 'a code alone signs in' not in guarded and 'Registered' in guarded
    row = user_row(unguarded_admin, user['username'])
    assert 'a code alone signs in' in row and 'require_mfa' in row
    unguarded_admin.post_form('/identity/users/',
                              {'action': f"users__require_mfa__{user['id']}"})
    assert keystone_admin.users.get(user['id']).options['multi_factor_auth_rules'] == DEFAULT_RULES
    row = user_row(unguarded_admin, user['username'])
    assert 'a code alone signs in' not in row and 'Registered' in row
