"""Small helpers for driving the MFA login steps in tests."""
from __future__ import annotations

import re
import time
from urllib.parse import urlparse

from gencloud_mfa import totp

# Horizon's own landing page after any login (its default dashboard, Project).
LANDING = '/project/'


def path_of(response) -> str:
    return urlparse(response.url).path


def page_title(response) -> str:
    found = re.search(r'<h3 class="login-title">\s*(.*?)\s*</h3>', response.text, re.S)
    return found.group(1) if found else ''


def is_enrollment(response) -> bool:
    return 'id="gencloud-mfa-qr"' in response.text


def is_code_page(response) -> bool:
    return 'id="gencloud-mfa-form"' in response.text and not is_enrollment(response)


def is_login_page(response) -> bool:
    return path_of(response) == '/auth/login/'


def shown_key(response) -> str:
    """The setup key printed (in groups of four) on the enrollment page."""
    match = re.search(r'id="gencloud-mfa-key"[^>]*>([A-Z2-7 ]+)<', response.text)
    return match.group(1).replace(' ', '')


def codes(secret: str) -> tuple[str, str]:
    """(current, previous) codes: Keystone accepts both, our replay guard each once."""
    now = time.time()
    return totp.code_at(secret, now), totp.code_at(secret, now - 30)


def unused_code(secret: str, used: set[str]) -> str:
    """A code Keystone accepts now that is not in USED (then adds it to USED)."""
    while True:
        for code in codes(secret):
            if code not in used:
                used.add(code)
                return code
        time.sleep(1)


def logout_reason(client) -> str:
    """The message openstack_auth shows on the login page (cookie, 10 s)."""
    raw = client.http.cookies.get('logout_reason', '')
    return raw.strip('"').encode('ascii').decode('unicode_escape')
