"""What a person does in the browser, step by step (shared by the journeys)."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

from PIL import Image

from tests.mfa_helpers import unused_code


def sign_in(page, username: str, password: str) -> None:
    page.goto('/auth/login/')
    page.fill('#id_username', username)
    page.fill('#id_password', password)
    page.click('#loginBtn')
    page.wait_for_load_state('networkidle')


def create_user_as_admin(admin, name: str, password: str, shot) -> None:
    """Identity > Users > Create User with auto-MFA on (ENABLE_DEFAULT_MFA); SHOT(page)
    takes the filled form. Returns once the new row shows."""
    admin.goto('/identity/users/')
    admin.click('#users__action_create')
    modal = admin.locator('#create_user_form')
    modal.wait_for()
    modal.locator('#id_name').fill(name)
    modal.locator('#id_password').fill(password)
    modal.locator('#id_confirm_password').fill(password)
    modal.locator('#id_project').select_option(label='demo', force=True)  # themable select
    assert modal.locator('#id_require_mfa').is_checked()
    shot(admin)
    modal.locator('[type=submit]').click()
    admin.locator(f'tr[data-display="{name}"]').wait_for(timeout=60_000)


def sign_out(page) -> None:
    page.click('.user-menu .dropdown-toggle')
    page.click('.user-menu form button[type=submit]')
    page.wait_for_url('**/auth/login/**')


def secret_from_qr(page) -> str:
    """Decode the QR code from a screenshot, as a phone camera would."""
    from pyzbar import pyzbar
    png = page.locator('#gencloud-mfa-qr').screenshot()
    decoded = pyzbar.decode(Image.open(io.BytesIO(png)))
    assert decoded, 'no QR code found in the screenshot'
    uri = decoded[0].data.decode()
    assert uri.startswith('otpauth://totp/')
    return parse_qs(urlparse(uri).query)['secret'][0]


def enter_code(page, secret: str, used: set[str]) -> None:
    """Type a code the user has not used yet (our replay guard refuses reuse)."""
    page.fill('#id_passcode', unused_code(secret, used))
    page.press('#id_passcode', 'Enter')  # as people do: Enter must submit, not cancel
    page.wait_for_load_state('networkidle')


def save_recovery_codes(page) -> list[str]:
    """The page after enrollment lists the recovery codes; the user saves them, goes on."""
    codes = page.locator('#gencloud-recovery-codes code').all_inner_texts()
    assert len(codes) == 10
    page.click('#gencloud-authenticator-submit')
    page.wait_for_load_state('networkidle')
    return codes


def enroll_from_qr(page, used: set[str]) -> tuple[str, list[str]]:
    """On the enrollment page: scan, confirm with a code, save the recovery codes."""
    secret = secret_from_qr(page)
    # Confirming also writes the 10 recovery codes to Keystone: on a loaded
    # machine that page takes longer than the usual 30 s action timeout.
    page.set_default_timeout(120_000)
    enter_code(page, secret, used)
    page.set_default_timeout(30_000)
    return secret, save_recovery_codes(page)
