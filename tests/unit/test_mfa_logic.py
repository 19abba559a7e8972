"""Pure parts of gencloud_mfa: receipts, rule formatting, the login plugin's recorder."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa.flow.password_plugin import _ReceiptRecorder
from gencloud_mfa.logic import mfa_rules
from gencloud_mfa.state import pending_login

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
    assert mfa_rules.needs_totp(rules) is expected


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
    got_enabled, rules = mfa_rules.mfa_options(user)
    assert got_enabled is enabled
    assert mfa_rules.format_rules(rules) == rules_text
    assert mfa_rules.requires_totp(got_enabled, rules) is totp
    assert mfa_rules.mfa_options({'options': options})[0] is enabled
    row = mfa_rules.statuses([user], {'u': ['credential']})[0]
    assert row.enrolled is True and mfa_rules.statuses([user], None)[0].enrolled is None


@pytest.mark.parametrize('enabled,user_rules,alone', [
    (True, [['password', 'totp'], ['application_credential']], False),
    (True, [['totp', 'password']], False),
    (True, [['password', 'totp'], ['totp']], True),
    (True, [['totp']], True),
    (True, [['totp', 'application_credential']], False),
    (True, [], True),
    (False, [['password', 'totp']], True),  # MFA off: Keystone ignores the rules
])
def test_single_factor_totp(enabled, user_rules, alone):
    assert mfa_rules.totp_alone_signs_in(enabled, user_rules) is alone
    user = SimpleNamespace(id='u', name='n', options={
        'multi_factor_auth_enabled': enabled, 'multi_factor_auth_rules': user_rules})
    assert mfa_rules.statuses([user], {'u': ['cred']})[0].single_factor_totp is alone
    assert mfa_rules.statuses([user], {})[0].single_factor_totp is False
    assert mfa_rules.mfa_protected(user) is (enabled and not alone)


@pytest.mark.parametrize('typed,valid', [
    ('١٢٣٤٥٦', True), ('１２３ ４５６', True), ('¹²³⁴⁵⁶', False), ('12345', False),
])
def test_passcode_form_never_lets_odd_digits_through(typed, valid):
    from gencloud_mfa.flow.forms import PasscodeForm
    form = PasscodeForm({'passcode': typed})
    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data['passcode'] == '123456'
    else:
        assert '6-digit' in str(form.errors['passcode'])


def test_service_audit_findings():
    from gencloud_mfa.logic import privileges
    narrow = {'list_users': 403, 'delete_credential': 403, 'update_credential': 403,
              'create_other_type': 403, 'create_recovery': 201}
    assert privileges.judge(narrow, {'totp'}, ['mfa_enroller'], 'mfa_enroller') == []
    assert privileges.judge({**narrow, 'create_recovery': 403}, {'totp'}, ['mfa_enroller'],
                            'mfa_enroller') == [
        'may not create recovery codes: merge the current keystone-policy.yaml']
    found = privileges.judge({**narrow, 'delete_credential': 404, 'list_users': 200},
                                {'totp', 'ec2'}, ['mfa_enroller', 'admin'], 'mfa_enroller')
    assert found == ['has role "admin" (expected only "mfa_enroller")', 'can list users',
                     'may delete credentials', 'can read credentials of other types: ec2']


def test_keystone_users_check_needs_admin_credentials(monkeypatch):
    from gencloud_mfa import checks
    for name in ('OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME'):
        monkeypatch.delenv(name, raising=False)
    assert [m.id for m in checks.keystone_users_check(None)] == ['gencloud_mfa.I014']
