"""MFA audit trail against the real stack: JSON log lines and the user's detail tab."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import (
    LANDING,
    audit_rows,
    codes,
    is_enrollment,
    is_login_page,
    past_recovery_codes,
    path_of,
    shown_key,
    wrong_code,
)

pytestmark = pytest.mark.integration


def audit_log(stack) -> list[dict]:
    """Every event the stack's Horizons logged (devstack's LOGGING, as in the README)."""
    path = Path(stack['logs']) / 'mfa-audit.log'
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_enroll_wrong_code_and_reset_are_logged_and_shown(admin, new_user, stack, client_ip,
                                                          keystone_admin):
    user = new_user()
    # The user signs in through the second Horizon node, the admin looks on the first.
    client = HorizonClient(stack['horizon_urls'][1], client_ip)
    page = client.login(user['username'], user['password'])
    assert is_enrollment(page)
    secret = shown_key(page)
    wrong = wrong_code(secret)
    assert client.post_form(path_of(page), {'passcode': wrong}).status_code == 400
    right = codes(secret)[0]
    done = client.post_form(path_of(page), {'passcode': right})
    assert path_of(past_recovery_codes(client, done)) == LANDING
    admin.get('/identity/users/')
    admin.post_form('/identity/users/', {'action': f"users__reset_authenticator__{user['id']}"})
    assert keystone_admin.credentials.list(user_id=user['id'], type='totp') == []

    rows = audit_rows(admin, user['id'])
    assert [row[1] for row in rows] == ['Authenticator reset by an administrator',
                                        'Authenticator registered', 'Wrong code']
    reset, enrolled, failed = rows
    assert reset[4] == 'admin' and 'authenticators removed: 1' in reset[5]
    assert enrolled[2] == client_ip and failed[2] == client_ip
    assert 'wrong codes so far: 1' in failed[5]

    logged = [e for e in audit_log(stack) if e['user_id'] == user['id']]
    assert [e['event'] for e in logged] == ['code_failed', 'enroll', 'admin_reset']
    assert all(e['node'] and e['time'] for e in logged)
    assert logged[0]['client'] == client_ip and logged[2]['actor_name'] == 'admin'
    text = (Path(stack['logs']) / 'mfa-audit.log').read_text()
    for secret_text in (secret, wrong, right, user['password']):
        assert secret_text not in text


def test_lockout_is_an_event(admin, new_user, stack, client_ip):
    user = new_user()
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    secret = shown_key(page)
    for _ in range(5):
        answer = client.post_form(path_of(page), {'passcode': wrong_code(secret)})
    assert is_login_page(answer)
    events = [row[1] for row in audit_rows(admin, user['id'])]
    assert events[0] == 'Locked out after too many wrong codes'
    assert events[1:] == ['Wrong code'] * 4


def test_tab_of_a_user_without_events_is_empty(admin, new_user):
    assert audit_rows(admin, new_user()['id']) == []


def test_korean_tab(admin, new_user):
    user = new_user()
    page = admin.get(f"/identity/users/{user['id']}/detail/?tab=user_details__mfa_audit",
                     headers={'Accept-Language': 'ko'})
    assert 'MFA 감사 기록' in page.text
