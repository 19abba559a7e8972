"""MFA rows (TOTP, recovery codes) show no secret or hash and offer no edit/delete; extra
TOTP credentials are counted."""
from __future__ import annotations

from types import SimpleNamespace

from gencloud_mfa.dashboards import mfa_rows
from gencloud_mfa.dashboards.identity.credentials import tables
from gencloud_mfa.dashboards.identity.users import tables as users_tables
from gencloud_mfa.dashboards.settings.credentials import tables as settings_tables
from gencloud_mfa.logic import mfa_rules, recovery_codes

SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'


def credential(kind: str, blob: str = SECRET, **extra):
    return SimpleNamespace(id='c1', user_id='u1', user_name='alice', type=kind, blob=blob,
                           project_id=None, **extra)


def test_totp_data_and_display_never_hold_the_secret():
    table = tables.CredentialsTable.__new__(tables.CredentialsTable)
    totp = credential('totp')
    assert str(tables._data(totp)) == 'Registered'
    assert SECRET not in str(table.get_object_display(totp))
    assert 'alice' in str(table.get_object_display(totp))
    assert tables._detail_link(totp) is None
    cert = credential('cert', blob='cert-data')
    assert tables._data(cert) == 'cert-data' and table.get_object_display(cert) == 'cert-data'


def test_recovery_rows_show_how_many_codes_are_left_never_the_hashes():
    blob = recovery_codes.blob(['abcde12345', 'fghjk67890'])
    row = credential(recovery_codes.CREDENTIAL_TYPE, blob=blob)
    assert str(tables._data(row)) == 'Recovery codes: 2 left'
    assert tables._detail_link(row) is None
    table = tables.CredentialsTable.__new__(tables.CredentialsTable)
    shown = str(tables._data(row)) + str(table.get_object_display(row))  # data-display too
    stored = recovery_codes.parse({'id': 'c1', 'blob': blob})
    assert not any(part in shown for part in (stored.salt, *stored.digests))
    assert 'alice' in str(table.get_object_display(row))


def test_edit_and_delete_are_not_offered_on_mfa_rows():
    for action_class in (tables.UpdateCredential, tables.DeleteCredential,
                         settings_tables.UpdateCredential, settings_tables.DeleteCredential):
        action = action_class.__new__(action_class)
        assert action.allowed(None, credential('totp')) is False
        assert action.allowed(None, credential(recovery_codes.CREDENTIAL_TYPE)) is False
        assert action.allowed(None, credential('cert')) is True
        assert action.allowed(None, None) is True
    reset = tables.ResetAuthenticator.__new__(tables.ResetAuthenticator)
    assert reset.allowed(None, credential('totp')) is True
    assert reset.allowed(None, credential('ec2')) is False


def test_credential_forms_leave_out_totp():
    from django import forms

    class Upstream(forms.Form):
        cred_type = forms.ChoiceField(choices=[('totp', 'TOTP'), ('ec2', 'EC2'),
                                               ('cert', 'CERT'), ('custom', 'custom')])
        data = forms.CharField(initial='auto')

    class Edit(mfa_rows.NoTotpTypeMixin, Upstream):
        pass

    class Create(mfa_rows.NoTotpMixin, Upstream):
        pass

    assert [value for value, _ in Edit().fields['cred_type'].choices] == ['ec2', 'cert', 'custom']
    assert not Edit({'cred_type': 'totp', 'data': 'x'}).is_valid()
    assert Edit({'cred_type': 'cert', 'data': 'x'}).is_valid()
    assert Create().fields['data'].initial is None


def test_statuses_count_totp_credentials():
    users = [SimpleNamespace(id=uid, name=uid, options={}) for uid in ('one', 'two', 'none')]
    rows = mfa_rules.statuses(users, {'one': ['a'], 'two': ['a', 'b']})
    assert [(r.enrolled, r.totp_count) for r in rows] == [(True, 1), (True, 2), (False, 0)]


def test_users_column_flags_more_than_one_authenticator():
    def label(count):
        user = SimpleNamespace(totp_enrolled=count > 0, totp_count=count, options={
            'multi_factor_auth_enabled': True,
            'multi_factor_auth_rules': [['password', 'totp']]})
        return str(users_tables._enrolled_label(user))
    assert label(1) == 'Registered' and label(0) == 'Not registered'
    assert label(2) == '2 registered — unexpected'
