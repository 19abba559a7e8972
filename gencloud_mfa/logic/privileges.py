"""The verdict on what the MFA service identity may do (keystone/probe.py asks Keystone).

Its flows need to list, create and delete TOTP credentials and to read,
create, update and delete recovery codes; anything more is reported, and so
is a refused recovery set (a Keystone still on the older shipped policy).
"""
from __future__ import annotations

from gencloud_mfa.logic import recovery_codes, totp

PROBE_TYPE = 'gencloud-mfa-probe'
_MEANING = {
    'list_users': 'can list users',
    'delete_credential': 'may delete credentials',
    'update_credential': 'may update credentials',
    'create_other_type': 'may create credentials of other types than totp and recovery codes',
}


def judge(answers: dict[str, int], listed_types: set[str], roles: list[str],
          role_name: str) -> list[str]:
    """Findings from the probes' HTTP statuses, the listed types and role names."""
    found = [f'has role "{role}" (expected only "{role_name}")'
             for role in sorted(set(roles) - {role_name})]
    found += [text for probe, text in _MEANING.items()
              if answers.get(probe, 403) not in (401, 403)]
    if answers.get('create_recovery', 201) != 201:
        found.append('may not create recovery codes: merge the current keystone-policy.yaml')
    others = listed_types - {totp.CREDENTIAL_TYPE, recovery_codes.CREDENTIAL_TYPE}
    if others:
        found.append('can read credentials of other types: ' + ', '.join(sorted(others)))
    return found
