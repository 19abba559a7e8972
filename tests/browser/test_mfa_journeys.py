"""People using the MFA login in a real browser."""
from __future__ import annotations

import pytest

from tests.browser.journeys import enter_code, secret_from_qr, sign_in, sign_out

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
    assert '/identity/' in page.url
    shot(page, 'mfa-enrolled-dashboard')

    sign_out(page)
    sign_in(page, user['username'], user['password'])
    assert page.locator('#gencloud-mfa-form').is_visible()
    assert page.locator('#gencloud-mfa-qr').count() == 0
    shot(page, 'mfa-code')
    enter_code(page, secret, used)
    assert '/identity/' in page.url


def test_wrong_code_is_explained(browser_page, new_user):
    user = new_user()
    page = browser_page()
    sign_in(page, user['username'], user['password'])
    page.fill('#id_passcode', '000000')
    page.click('#gencloud-mfa-submit')
    assert 'not valid' in page.locator('.help-block, .alert').all_inner_texts().__str__()


def test_enrollment_in_korean(browser_page, new_user, shot):
    user = new_user()
    page = browser_page(locale='ko-KR')
    sign_in(page, user['username'], user['password'])
    assert '2단계 인증 설정' in page.content()
    shot(page, 'mfa-enroll-ko')
