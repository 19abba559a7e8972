"""A code was tried (flow/attempts.py), and the pending login's recovery mark, without Keystone."""
from __future__ import annotations

import time
import uuid
from types import SimpleNamespace

from django.test import RequestFactory

from gencloud_mfa import conf
from gencloud_mfa.dashboards.settings.authenticator.views import check_code
from gencloud_mfa.flow import attempts, messages
from gencloud_mfa.logic import totp
from gencloud_mfa.state import audit, pending_login


def request_from(address: str, user=None):
    request = RequestFactory().post('/', REMOTE_ADDR=address)
    request.session = {}
    if user is not None:
        request.user = user
    return request


def test_wrong_codes_are_audited_until_the_lockout():
    user_id, request = uuid.uuid4().hex, request_from('192.0.2.10')
    for _ in range(conf.get().max_failures - 1):
        assert attempts.reserve(request, user_id)
        assert attempts.wrong(request, user_id, 'TOTP code', 'code step') is False
    assert attempts.reserve(request, user_id)
    assert attempts.wrong(request, user_id, 'TOTP code', 'code step') is True
    assert not attempts.reserve(request, user_id)
    events = [event['event'] for event in audit.recent(user_id)]
    assert events == [audit.LOCKOUT] + [audit.CODE_FAILED] * (conf.get().max_failures - 1)


def test_step_up_failures_are_audited_like_login_codes():
    secret, user_id = totp.new_secret(), uuid.uuid4().hex
    user = SimpleNamespace(id=user_id, username='alice', is_authenticated=True)
    request = request_from('192.0.2.11', user)
    wrong = '000000' if not attempts.verify_totp(secret, '000000') else '111111'
    assert check_code(request, [secret], wrong) == messages.WRONG_CODE
    assert [event['event'] for event in audit.recent(user_id)] == [audit.CODE_FAILED]
    right = totp.code_at(secret, time.time())
    assert check_code(request, [secret], right) is None
    assert check_code(request, [secret], right) == messages.REPLAY


def test_the_recovery_mark_ends_with_the_pending_login():
    pending = pending_login.PendingLogin('u1', 'alice', 'default', 'Default',
                                         time.time() + 60, 'alice')
    request = request_from('192.0.2.12')
    pending_login.mark_recovery_used(request, pending)
    assert pending_login.recovery_used(request, pending)
    pending_login.drop(request)  # Cancel, expiry, lockout, finished login
    assert not pending_login.recovery_used(request, pending)
    pending_login.mark_recovery_used(request, pending)
    pending_login.set_enrolled(request, 'receipt', pending, False, recovered=True)
    assert not pending_login.recovery_used(request, pending)
