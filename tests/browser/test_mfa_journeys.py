"""People using the MFA login in a real browser."""
from __future__ import annotations

import time

import pytest

from devstack import seed
from tests.browser.journeys import (
    create_user_as_admin,
    enroll_from_qr,
    enter_code,
    save_recovery_codes,
    secret_from_qr,
    sign_in,
    sign_out,
)
from tests.mfa_helpers import LANDING, unused_code

pytestmark = pytest.mark.browser


def test_new_user_enrolls_from_the_qr_then_uses_the_code_page(browser_page, new_user, shot):
    user = new_user()
    page = browser_page()
    sign_in(page, user['username'], user['password'])
    assert page.locator('#gencloud-mfa-qr').is_visible()
    assert page.locator('#id_passcode').get_attribute('autocomplete') == 'one-time-code'
    shot(page, 'mfa-enroll')
    secret, used = secret_from_qr(page), set()
    assert page.locator('#gencloud-mfa-key').inner_text().replace(' ', '') == secret
    enter_code(page, secret, used)
    shot(page, 'mfa-recovery-codes')
    save_recovery_codes(page)
    assert LANDING in page.url
    shot(page, 'mfa-enrolled-dashboard')

    sign_out(page)
    sign_in(page, user['username'], user['password'])
    assert page.locator('#gencloud-mfa-form').is_visible()
    assert page.locator('#gencloud-mfa-qr').count() == 0
    shot(page, 'mfa-code')
    enter_code(page, secret, used)
    assert LANDING in page.url


def test_wrong_code_is_explained(browser_page, new_user):
    user = new_user()
    page = browser_page()
    sign_in(page, user['username'], user['password'])
    page.fill('#id_passcode', '000000')
    page.press('#id_passcode', 'Enter')
    error = page.locator('.has-error .help-block')
    error.wait_for()
    assert 'not valid' in error.inner_text()
    assert page.locator('#gencloud-mfa-qr').is_visible()  # the same enrollment goes on


def test_enrollment_in_korean(browser_page, new_user, shot):
    user = new_user()
    page = browser_page(locale='ko-KR')
    sign_in(page, user['username'], user['password'])
    assert '2단계 인증 설정' in page.content()
    shot(page, 'mfa-enroll-ko')


def test_admin_requires_mfa_user_enrolls_admin_resets_user_enrolls_again(
        browser_page, admin_page, shot, keystone_admin):
    admin = admin_page()
    name = f'browser-{int(time.time())}'
    create_user_as_admin(admin, name, 'Pw-' + name, lambda page: shot(page, 'mfa-admin-create-user'))
    user = keystone_admin.users.list(name=name)[0]
    assert user.options['multi_factor_auth_enabled'] is True

    def enroll() -> str:
        person = browser_page()
        sign_in(person, name, 'Pw-' + name)
        secret, _ = enroll_from_qr(person, set())
        assert LANDING in person.url
        return secret

    first = enroll()
    admin.goto('/identity/users/')
    row = admin.locator(f'tr[data-display="{name}"]')
    assert 'Registered' in row.inner_text()
    row.locator('.dropdown-toggle').click()
    row.locator(f'#users__row_{user.id}__action_reset_authenticator').click()
    admin.locator('.modal-footer .btn-danger, .modal-footer .btn-primary').last.click()
    admin.locator('.alert-success').wait_for(timeout=60_000)
    assert keystone_admin.credentials.list(user_id=user.id, type='totp') == []
    shot(admin, 'mfa-admin-reset')
    assert enroll() != first


def test_admin_mfa_pages_in_korean(admin_page, shot):
    admin = admin_page(locale='ko-KR')
    admin.goto('/identity/users/')
    table = admin.locator('#users').inner_text()
    assert 'MFA 규칙' in table and '인증 앱' in table and '등록됨' in table
    shot(admin, 'mfa-admin-users-ko')
    admin.click('#users__action_create')
    admin.locator('#create_user_form').wait_for()
    assert 'MFA(TOTP) 필수' in admin.locator('#create_user_form').inner_text()


def test_lost_phone_recovery_code_then_a_new_app(browser_page, new_user, shot, keystone_admin):
    user = new_user()
    page = browser_page()
    sign_in(page, user['username'], user['password'])
    old_secret, codes = enroll_from_qr(page, set())
    sign_out(page)

    # The phone is gone: password, then a recovery code instead of a TOTP code.
    sign_in(page, user['username'], user['password'])
    page.click('#gencloud-mfa-use-recovery')
    page.locator('#id_code').wait_for()
    assert page.locator('#id_code').get_attribute('autocomplete') == 'off'
    shot(page, 'mfa-use-recovery-code')
    page.fill('#id_code', codes[0])
    page.press('#id_code', 'Enter')
    page.locator('#gencloud-mfa-qr').wait_for()
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []
    shot(page, 'mfa-recovery-new-qr')
    new_secret, new_codes = enroll_from_qr(page, set())
    assert new_secret != old_secret and not set(new_codes) & set(codes)
    assert LANDING in page.url
    shot(page, 'mfa-recovered-dashboard')


def test_replace_my_authenticator(browser_page, new_user, shot, keystone_admin):
    old_secret = seed.new_totp_secret()
    user = new_user(totp_secret=old_secret)
    page, used = browser_page(), set()
    sign_in(page, user['username'], user['password'])
    enter_code(page, old_secret, used)
    page.goto('/settings/')
    assert page.locator('a[href="/settings/gencloud_authenticator/"]').count() == 1  # sidebar
    page.goto('/settings/gencloud_authenticator/')
    page.locator('#gencloud-authenticator-status').wait_for()
    shot(page, 'mfa-settings-authenticator')
    page.fill('#id_passcode', unused_code(old_secret, used))
    page.check('input[name=action][value=replace]')
    page.click('#gencloud-authenticator-submit')
    page.locator('#gencloud-mfa-qr').wait_for()
    assert [c.blob for c in keystone_admin.credentials.list(
        user_id=user['id'], type='totp')] == [old_secret]
    shot(page, 'mfa-settings-replace-qr')
    new_secret, new_used = secret_from_qr(page), set()
    page.fill('#id_passcode', unused_code(new_secret, new_used))
    page.click('#gencloud-authenticator-submit')
    page.locator('.alert-success').wait_for()
    assert [c.blob for c in keystone_admin.credentials.list(
        user_id=user['id'], type='totp')] == [new_secret]
    shot(page, 'mfa-settings-replaced')

    sign_out(page)
    sign_in(page, user['username'], user['password'])
    enter_code(page, new_secret, new_used)  # not the code just used for the swap (replay)
    assert LANDING in page.url
