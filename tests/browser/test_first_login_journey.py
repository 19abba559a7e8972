"""Issue 25.2 in Chromium: an admin creates a user in Identity > Users (Require MFA
on) with a temporary password; the user changes it on Horizon's expired-password
page, then enrolls from the QR page, saves the recovery codes and lands.

Screenshots go to doc/source/images/first-login-*.png (doc/source/admin/first-login.rst).
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from devstack import seed
from tests.browser.journeys import create_user_as_admin, enter_code, secret_from_qr
from tests.mfa_helpers import LANDING, past_the_revocation_second

pytestmark = pytest.mark.browser

IMAGES = Path(__file__).resolve().parents[2] / 'doc' / 'source' / 'images'


def doc_shot(page, name: str) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(IMAGES / f'first-login-{name}.png'), full_page=True)


def sign_in_at(page, horizon_url: str, username: str, password: str) -> None:
    page.goto(f'{horizon_url}/auth/login/')
    page.fill('#id_username', username)
    page.fill('#id_password', password)
    page.click('#loginBtn')
    page.wait_for_load_state('networkidle')


def change_password(page, original: str, new: str) -> None:
    page.fill('#id_original_password', original)
    page.fill('#id_password', new)
    page.fill('#id_confirm_password', new)
    page.click('#changeBtn')
    page.wait_for_load_state('networkidle')


def test_temporary_password_then_new_password_then_qr_then_dashboard(
        browser_page, admin_page, compliance_stack, keystone_admin):
    admin = admin_page()
    name = f'first-{int(time.time())}'
    temporary = f'Temporary-{name}'
    create_user_as_admin(admin, name, temporary, lambda page: doc_shot(page, 'admin-create-user'))
    user_id = keystone_admin.users.list(name=name)[0].id
    # The stack's Keystone has no [security_compliance]: the temporary password is
    # (re)set on the compliance Keystone, as an operator's Keystone would on creation.
    seed.admin_client(compliance_stack['keystone_url']).users.update(
        user_id, password=temporary)

    horizon = compliance_stack['horizon_url']
    page = browser_page()
    sign_in_at(page, horizon, name, temporary)
    assert f'/auth/password/{user_id}/' in page.url
    assert 'Your password has expired' in page.content()
    doc_shot(page, 'change-password')

    change_password(page, 'not-' + temporary, 'A-long-enough-new-password-1')
    assert 'The original password is not correct.' in page.content()
    doc_shot(page, 'wrong-original')

    change_password(page, temporary, 'short-1')
    assert 'The new password was not accepted' in page.content()
    assert 'at least 12 characters' in page.content()
    assert '(HTTP 400)' not in page.content()
    doc_shot(page, 'regex-refused')

    new = 'A-long-enough-new-password-1'
    change_password(page, temporary, new)
    assert '/auth/login/' in page.url
    assert 'Password changed' in page.content()
    doc_shot(page, 'password-changed')

    past_the_revocation_second()
    sign_in_at(page, horizon, name, new)
    assert page.locator('#gencloud-mfa-qr').is_visible()
    doc_shot(page, 'enroll')
    page.set_default_timeout(120_000)
    secret = secret_from_qr(page)
    enter_code(page, secret, set())
    page.set_default_timeout(30_000)
    assert page.locator('#gencloud-recovery-codes code').count() == 10
    doc_shot(page, 'recovery-codes')
    page.click('#gencloud-authenticator-submit')
    page.wait_for_load_state('networkidle')
    assert LANDING in page.url
    doc_shot(page, 'dashboard')
