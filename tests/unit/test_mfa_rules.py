"""MFA rules (logic/mfa_rules.py): which rules need a TOTP code, how they read, and which
let a TOTP credential sign in alone."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from gencloud_mfa.logic import mfa_rules


@pytest.mark.parametrize('rules,expected', [
    ([['password', 'totp']], True),
    ([['totp', 'password'], ['application_credential']], True),
    ([['password', 'totp', 'application_credential']], True),
    ([['password', 'application_credential']], False),
    ([], False),
])
def test_needs_totp(rules, expected):
    assert mfa_rules.needs_totp(rules) is expected


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
