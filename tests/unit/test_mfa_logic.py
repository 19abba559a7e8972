"""Pure parts of gencloud_mfa: receipts, rule formatting, the login plugin's recorder."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa import keystone_admin, receipts, throttle
from gencloud_mfa.plugin import _ReceiptRecorder

BODY = {'receipt': {'methods': ['password'], 'expires_at': '2030-01-01T00:00:00.000000Z',
                    'user': {'id': 'u1', 'name': 'demo',
                             'domain': {'id': 'default', 'name': 'Default'}}},
        'required_auth_methods': [['totp', 'password'], ['application_credential']]}


@pytest.mark.parametrize('rules,expected', [
    ([['password', 'totp']], True),
    ([['totp', 'password'], ['application_credential']], True),
    ([['password', 'totp', 'application_credential']], True),
    ([['password', 'application_credential']], False),
    ([], False),
])
def test_needs_totp(rules, expected):
    assert receipts.needs_totp(rules) is expected


def test_identity_comes_from_keystones_body():
    pending = receipts.from_receipt_body(BODY, time.time() + 60, login_name='Demo')
    assert (pending.user_id, pending.user_name, pending.domain_name) == ('u1', 'demo', 'Default')
    assert pending.login_name == 'Demo' and not pending.expired
    assert receipts.from_receipt_body(BODY, time.time() - 1, 'demo').expired


def test_remember_lookup_forget():
    pending = receipts.from_receipt_body(BODY, time.time() + 60, 'demo')
    receipts.remember('receipt-token', pending)
    assert receipts.lookup('receipt-token') == pending
    assert receipts.lookup('another-receipt') is None
    assert receipts.lookup(None) is None
    receipts.forget('receipt-token')
    assert receipts.lookup('receipt-token') is None


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
    assert receipts.lookup('rcpt').user_id == 'u1'
    assert recorder.auth_url == 'http://keystone/v3'  # everything else is delegated


def test_throttle_counts_and_replay_window():
    assert throttle.failures('u9', '192.0.2.1') == 0
    assert throttle.record_failure('u9', '192.0.2.1', 60) == 1
    assert throttle.record_failure('u9', '192.0.2.2', 60) == 2  # same user, other address
    assert throttle.failures('u8', '192.0.2.1') == 1            # same address, other user
    throttle.reset('u9')
    assert throttle.failures('u9', None) == 0
    assert throttle.claim_code('u9', '123456', 90)
    assert not throttle.claim_code('u9', '123456', 90)
    assert throttle.claim_code('u8', '123456', 90)


@pytest.mark.parametrize('options,enabled,rules_text,totp', [
    ({}, False, '', False),
    ({'multi_factor_auth_enabled': True,
      'multi_factor_auth_rules': [['password', 'totp'], ['application_credential']]},
     True, 'password+totp | application_credential', True),
    ({'multi_factor_auth_enabled': False,
      'multi_factor_auth_rules': [['password', 'totp']]}, False, 'password+totp', False),
])
def test_status_formatting(options, enabled, rules_text, totp):
    user = SimpleNamespace(id='u', name='n', options=options)
    got_enabled, rules = keystone_admin.mfa_options(user)
    assert got_enabled is enabled
    assert keystone_admin.format_rules(rules) == rules_text
    assert keystone_admin.requires_totp(got_enabled, rules) is totp
    assert keystone_admin.mfa_options({'options': options})[0] is enabled
    row = keystone_admin.statuses([user], {'u': ['credential']})[0]
    assert row.enrolled is True and keystone_admin.statuses([user], None)[0].enrolled is None
