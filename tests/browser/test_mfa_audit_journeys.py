"""An admin reads a user's recent MFA events on the user's detail page."""
from __future__ import annotations

import pytest

from tests.browser.journeys import enter_code, save_recovery_codes, secret_from_qr, sign_in
from tests.mfa_helpers import LANDING, wrong_code

pytestmark = pytest.mark.browser


def test_admin_opens_the_mfa_audit_tab(browser_page, admin_page, new_user, shot):
    user = new_user()
    person = browser_page()
    sign_in(person, user['username'], user['password'])
    secret = secret_from_qr(person)
    person.fill('#id_passcode', wrong_code(secret))
    person.press('#id_passcode', 'Enter')
    person.locator('.has-error .help-block').wait_for()
    enter_code(person, secret, set())
    save_recovery_codes(person)
    assert LANDING in person.url

    for locale, tab_name, registered in (('en-US', 'MFA Audit', 'Authenticator registered'),
                                         ('ko-KR', 'MFA 감사 기록', '인증 앱 등록됨')):
        admin = admin_page(locale=locale)
        admin.goto(f"/identity/users/{user['id']}/detail/")
        link = admin.locator('a[data-target="#user_details__mfa_audit"]')
        assert link.inner_text().strip() == tab_name
        link.click()
        table = admin.locator('#mfa_audit')
        table.wait_for()
        rows = table.locator('tbody tr')
        assert rows.count() == 2
        assert registered in rows.nth(0).inner_text()
        shot(admin, 'mfa-audit-tab' if locale == 'en-US' else 'mfa-audit-tab-ko')
