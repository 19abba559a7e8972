"""The verdict on what the MFA service identity may do (keystone/probe.py asks Keystone).

Its flows need to list, create and delete TOTP credentials and to read,
update and delete recovery codes; anything more is reported.
"""
from __future__ import annotations

from gencloud_mfa.logic import recovery_codes, totp

PROBE_TYPE = 'gencloud-mfa-probe'
_MEANING = {
    'list_users': 'can list users',
    'delete_credential': 'may delete credentials',
    'update_credential': 'may update credentials',
    'create_other_type': 'may create credentials of other types than totp',
}


def judge(answers: dict[str, int], listed_types: set[str], roles: list[str],
          role_name: str) -> list[str]:
    """Findings from the probes' HTTP statuses, the listed types and role names."""
    found = [f'has role "{role}" (expected only "{role_name}")'
             for role in sorted(set(roles) - {role_name})]
    found += [text for probe, text in _MEANING.items()
              if answers.get(probe, 403) not in (401, 403)]
    others = listed_types - {totp.CREDENTIAL_TYPE, recovery_codes.CREDENTIAL_TYPE}
    if others:
        found.append('can read credentials of other types: ' + ', '.join(sorted(others)))
    return found
