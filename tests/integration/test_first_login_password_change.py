"""Issue 25.2: an admin-created user with a temporary password on a Keystone with
`[security_compliance] change_password_upon_first_use` changes it on Horizon's
expired-password page, then enrolls TOTP (QR page, recovery codes) and lands."""
from __future__ import annotations

import re
import time
import uuid

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient, form_defaults
from tests.conftest import RECEIPT_SECONDS
from tests.mfa_helpers import (
    LANDING,
    is_code_page,
    is_enrollment,
    is_login_page,
    logout_reason,
    past_recovery_codes,
    past_the_revocation_second,
    path_of,
    shown_key,
    unused_code,
)

pytestmark = pytest.mark.integration


@pytest.fixture(scope='module')
def compliance_horizon_url(compliance_stack):
    return compliance_stack['horizon_url']


@pytest.fixture
def temporary_user(admin, keystone_admin, compliance_stack):
    """Created in Identity > Users with Require MFA on, then given a temporary password
    by an admin on the compliance Keystone: (name, temporary password, id)."""
    project = keystone_admin.projects.list(name='demo')[0].id
    member = keystone_admin.roles.list(name='member')[0].id
    data = form_defaults(admin.get('/identity/users/create/').text, 'create_user_form')
    name = f'first-{uuid.uuid4().hex[:8]}'
    temporary = f'Temporary-{name}'
    data.update(name=name, password=temporary, confirm_password=temporary, email='',
                description='', project=project, role_id=member, require_mfa='on')
    admin.post_form('/identity/users/create/', data)
    user_id = keystone_admin.users.list(name=name)[0].id
    seed.admin_client(compliance_stack['keystone_url']).users.update(user_id, password=temporary)
    return name, temporary, user_id


def change_page(client, name, password):
    page = client.login(name, password)
    assert re.fullmatch(r'/auth/password/[0-9a-f]+/', path_of(page)), path_of(page)
    return page


def change(client, page, original, new):
    return client.post_form(path_of(page), {
        'region': 'default', 'original_password': original,
        'password': new, 'confirm_password': new})


def errors(page) -> str:
    return ' '.join(re.sub(r'<[^>]+>', ' ', e) for e in re.findall(
        r'class="[^"]*alert[^"]*"[^>]*>(.*?)</div>', page.text, re.S))


def test_temporary_password_asks_for_a_new_one(compliance_horizon_url, temporary_user):
    name, temporary, user_id = temporary_user
    client = HorizonClient(compliance_horizon_url)
    page = change_page(client, name, temporary)
    assert path_of(page) == f'/auth/password/{user_id}/'
    assert 'Your password has expired' in logout_reason(client)
    assert 'Your password has expired' in errors(page)  # shown on the change page too


def test_wrong_original_password_says_so(compliance_horizon_url, temporary_user):
    name, temporary, _ = temporary_user
    client = HorizonClient(compliance_horizon_url)
    page = change(client, change_page(client, name, temporary), 'not-' + temporary,
                  'A-long-enough-new-password-1')
    assert page.status_code == 200
    assert 'The original password is not correct.' in errors(page)


def test_password_failing_the_regex_shows_keystones_description(
        compliance_horizon_url, temporary_user):
    name, temporary, _ = temporary_user
    client = HorizonClient(compliance_horizon_url)
    page = change(client, change_page(client, name, temporary), temporary, 'short')
    assert page.status_code == 200
    text = errors(page)
    assert 'The new password was not accepted' in text and 'at least 12 characters' in text
    assert '(HTTP 400)' not in text and 'Request-ID' not in text


def test_korean_messages(compliance_horizon_url, temporary_user):
    name, temporary, _ = temporary_user
    client = HorizonClient(compliance_horizon_url)
    client.http.cookies.set('horizon_language', 'ko')
    page = change(client, change_page(client, name, temporary), 'not-' + temporary,
                  'A-long-enough-new-password-1')
    assert '원래 비밀번호가 올바르지 않습니다.' in page.text


def test_new_password_then_enrollment_then_dashboard(compliance_horizon_url, temporary_user):
    name, temporary, _ = temporary_user
    client = HorizonClient(compliance_horizon_url)
    new = 'A-long-enough-new-password-1'
    done = change(client, change_page(client, name, temporary), temporary, new)
    assert path_of(done) == '/auth/login/'
    assert 'Password changed' in logout_reason(client)
    past_the_revocation_second()
    page = client.login(name, new)
    assert is_enrollment(page)
    secret = shown_key(page)
    shown = client.post_form(path_of(page), {'passcode': unused_code(secret, set())})
    assert path_of(past_recovery_codes(client, shown)) == LANDING


def test_receipt_expired_on_the_qr_page_after_the_change(compliance_horizon_url, temporary_user):
    """The new-password login's MFA receipt runs out on the QR page: the proven
    authenticator is kept, the login page says so, and the next login asks for a code."""
    name, temporary, _ = temporary_user
    client = HorizonClient(compliance_horizon_url)
    new = 'A-long-enough-new-password-2'
    change(client, change_page(client, name, temporary), temporary, new)
    past_the_revocation_second()
    page = client.login(name, new)
    assert is_enrollment(page)
    secret = shown_key(page)

    time.sleep(RECEIPT_SECONDS + 1)

    late = client.post_form(path_of(page), {'passcode': unused_code(secret, set())})
    assert late.status_code == 200 and is_login_page(late)
    assert 'registered' in logout_reason(client) and 'expired' in logout_reason(client)
    again = HorizonClient(compliance_horizon_url).login(name, new)
    assert is_code_page(again)
