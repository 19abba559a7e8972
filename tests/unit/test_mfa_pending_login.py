"""The pending login (state/pending_login.py) from Keystone's receipt body, and the login
plugin's recorder that stores it (flow/password_plugin.py)."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa.flow.password_plugin import _ReceiptRecorder
from gencloud_mfa.state import pending_login

BODY = {'receipt': {'methods': ['password'], 'expires_at': '2030-01-01T00:00:00.000000Z',
                    'user': {'id': 'u1', 'name': 'demo',
                             'domain': {'id': 'default', 'name': 'Default'}}},
        'required_auth_methods': [['totp', 'password'], ['application_credential']]}


def test_identity_comes_from_keystones_body():
    pending = pending_login.from_receipt_body(BODY, time.time() + 60, login_name='Demo')
    assert (pending.user_id, pending.user_name, pending.domain_name) == ('u1', 'demo', 'Default')
    assert pending.login_name == 'Demo' and not pending.expired
    assert pending_login.from_receipt_body(BODY, time.time() - 1, 'demo').expired


def test_remember_lookup_forget():
    pending = pending_login.from_receipt_body(BODY, time.time() + 60, 'demo')
    pending_login.remember('receipt-token', pending)
    assert pending_login.lookup('receipt-token') == pending
    assert pending_login.lookup('another-receipt') is None
    assert pending_login.lookup(None) is None
    pending_login.forget('receipt-token')
    assert pending_login.lookup('receipt-token') is None


def _missing_auth_methods():
    response = SimpleNamespace(headers={'Openstack-Auth-Receipt': 'rcpt'}, json=lambda: BODY)
    return ks_exc.MissingAuthMethods(response)


class _FailingAuth:
    auth_url = 'http://keystone/v3'

    def get_access(self, session, **kwargs):
        raise _missing_auth_methods()


def test_recorder_records_identity_and_speaks_upstreams_rule():
    recorder = _ReceiptRecorder(_FailingAuth(), 'demo')
    with pytest.raises(ks_exc.MissingAuthMethods) as raised:
        recorder.get_access(session=None)
    assert raised.value.required_auth_methods == [['password', 'totp']]
    assert pending_login.lookup('rcpt').user_id == 'u1'
    assert recorder.auth_url == 'http://keystone/v3'  # everything else is delegated
