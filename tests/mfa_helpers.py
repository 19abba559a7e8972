"""Small helpers for driving the MFA login steps in tests."""
from __future__ import annotations

import re
import time
from urllib.parse import urlparse

from devstack.horizon_client import HorizonClient
from gencloud_mfa.logic import recovery_codes, totp

# Horizon's own landing page after any login (its default dashboard, Project).
LANDING = '/project/'


def path_of(response) -> str:
    return urlparse(response.url).path


def page_title(response) -> str:
    found = re.search(r'<h3 class="login-title">\s*(.*?)\s*</h3>', response.text, re.S)
    return found.group(1) if found else ''


def login(stack, who: str) -> HorizonClient:
    """A fresh session of WHO (a seed login), checked to land on Horizon's landing page."""
    credentials = stack['logins'][who]
    client = HorizonClient(stack['horizon_url'])
    landed = client.login(credentials['username'], credentials['password'])
    assert path_of(landed) == LANDING and landed.status_code == 200
    return client


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
    """A code Keystone accepts now that is not in USED (then adds it to USED).

    The previous step's code is taken only with 5 s of its last step left, so
    that Horizon's check does not land after Keystone stopped accepting it.
    """
    while True:
        now = time.time()
        current, previous = totp.code_at(secret, now), totp.code_at(secret, now - 30)
        for code in (current, previous if 30 - now % 30 > 5 else None):
            if code and code not in used:
                used.add(code)
                return code
        time.sleep(1)


def logout_reason(client) -> str:
    """The message openstack_auth shows on the login page (cookie, 10 s)."""
    raw = client.http.cookies.get('logout_reason', '')
    return raw.strip('"').encode('ascii').decode('unicode_escape')


def wrong_code(secret: str) -> str:
    """A well-formed code Keystone does not accept now."""
    accepted = set(codes(secret))
    return next(code for code in (f'{n:06d}' for n in range(1000000)) if code not in accepted)


def audit_rows(admin, user_id: str) -> list[list[str]]:
    """Cells (text) of Identity > Users > user > MFA Audit, newest first."""
    page = admin.get(f'/identity/users/{user_id}/detail/?tab=user_details__mfa_audit')
    assert page.status_code == 200, page.status_code
    table = re.search(r'<table[^>]*id="mfa_audit".*?</table>', page.text, re.S).group(0)
    return [[re.sub(r'<[^>]+>|\s+', ' ', cell).strip()
             for cell in re.findall(r'<td[^>]*>(.*?)</td>', row, re.S)]
            for row in re.findall(r'<tr[^>]*data-object-id="[^"]+"[^>]*>(.*?)</tr>',
                                  table, re.S)]


RECOVERY_CODES_PATH = '/settings/gencloud_authenticator/recovery-codes/'


def shown_recovery_codes(response) -> list[str]:
    """The recovery codes listed on the page shown right after enrollment."""
    block = re.search(r'id="gencloud-recovery-codes"(.*?)</ol>', response.text, re.S)
    return re.findall(r'<code>([0-9a-z-]+)</code>', block.group(1)) if block else []


def past_recovery_codes(client, response):
    """Enrollment ends on the recovery codes page; "I have saved these codes" goes on."""
    assert path_of(response) == RECOVERY_CODES_PATH, path_of(response)
    assert len(shown_recovery_codes(response)) == 10
    return client.post_form(RECOVERY_CODES_PATH, {})


def enroll(client, user: dict) -> tuple[str, list[str], set[str]]:
    """First login of USER through enrollment: (secret, recovery codes, used TOTP codes)."""
    page = client.login(user['username'], user['password'])
    assert is_enrollment(page)
    secret, used = shown_key(page), set()
    shown = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    recovery_codes = shown_recovery_codes(shown)
    assert path_of(past_recovery_codes(client, shown)) == LANDING
    return secret, recovery_codes, used


def blobs(keystone_admin, user_id: str, cred_type: str = 'totp') -> list[str]:
    """What Keystone holds for the user (read with the admin's own client)."""
    return [c.blob for c in keystone_admin.credentials.list(user_id=user_id, type=cred_type)]


def codes_left(keystone_admin, user_id: str) -> int:
    """Unused recovery codes Keystone holds for the user, over all their sets."""
    return recovery_codes.remaining(recovery_codes.stored(
        [{'id': c.id, 'blob': c.blob} for c in keystone_admin.credentials.list(
            user_id=user_id, type=recovery_codes.CREDENTIAL_TYPE)]))


def past_the_revocation_second() -> None:
    """Wait for the next whole second (the stack's Keystone runs on this clock).

    Keystone's Fernet tokens carry their issue time to the second and a password
    change revokes every token issued up to its own second, so a login in the
    same second as the change gets a token Keystone already counts as revoked.
    A person retyping the new password never hits it; a test client can.
    """
    time.sleep(1.05 - time.time() % 1)


def patch_credential(client, credential_id: str, raise_exc: bool = True, **changes):
    """PATCH /v3/credentials/ID with only CHANGES, as keystoneclient CLIENT's identity
    (keystoneclient's own update always sends the user id, which Keystone 30 refuses)."""
    return client.session.patch(f'/credentials/{credential_id}', raise_exc=raise_exc,
                                endpoint_filter={'service_type': 'identity',
                                                 'interface': 'public'},
                                json={'credential': changes})
