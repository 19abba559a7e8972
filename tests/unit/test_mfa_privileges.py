"""The verdict on the MFA service identity's probes (logic/privileges.py)."""
from __future__ import annotations

from gencloud_mfa.logic import privileges


def test_service_audit_findings():
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
