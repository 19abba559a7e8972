"""Can the MFA service identity do more than its flows need (list, create, delete TOTP
credentials; read, update and delete recovery codes)?

Its password is the residual risk of self-enrollment (README "Service
identity"), so `manage.py gencloud_mfa status` asks Keystone. Each probe is
harmless whatever Keystone answers: deletes and updates name a credential that
does not exist (Keystone checks the policy first: 403 = refused, 404 = it
would have been allowed), and a probe credential that Keystone wrongly
creates is deleted again with the operator's admin client.
"""
from __future__ import annotations

import uuid

from gencloud_mfa import conf, service

PROBE_TYPE = 'gencloud-mfa-probe'


def judge(answers: dict[str, int], listed_types: set[str], roles: list[str],
          role_name: str) -> list[str]:
    """Findings from the probes' HTTP statuses, the listed types and role names."""
    found = [f'has role "{role}" (expected only "{role_name}")'
             for role in sorted(set(roles) - {role_name})]
    meaning = {
        'list_users': 'can list users',
        'delete_credential': 'may delete credentials',
        'update_credential': 'may update credentials',
        'create_other_type': 'may create credentials of other types than totp',
    }
    found += [text for probe, text in meaning.items()
              if answers.get(probe, 403) not in (401, 403)]
    others = listed_types - {'totp', 'gencloud-recovery'}
    if others:
        found.append('can read credentials of other types: ' + ', '.join(sorted(others)))
    return found


def findings(admin_kc) -> list[str]:
    """Probe Keystone as the service identity; [] if it is as narrow as the README says."""
    cfg = conf.get()
    if not (cfg.service_user or cfg.app_cred_id):
        return []
    try:
        own_id = service.user_id()
        missing = f'/credentials/{uuid.uuid4().hex}'
        answers = {
            'list_users': service.status_of('GET', '/users'),
            'delete_credential': service.status_of('DELETE', missing),
            'update_credential': service.status_of(
                'PATCH', missing, json={'credential': {'blob': 'x'}}),
            'create_other_type': service.status_of('POST', '/credentials', json={
                'credential': {'type': PROBE_TYPE, 'user_id': f'probe-{uuid.uuid4().hex}',
                               'blob': 'probe'}}),
        }
        listed = {cred['type'] for cred in service.credentials()
                  if cred.get('user_id') != own_id}  # its own are Keystone's owner rule
    except service.ServiceUnavailable as exc:
        return [f'could not be checked ({exc})']
    for leftover in admin_kc.credentials.list(type=PROBE_TYPE):
        admin_kc.credentials.delete(leftover)
    roles = [assignment.role['name'] for assignment in admin_kc.role_assignments.list(
        user=own_id, effective=True, include_names=True)]
    return judge(answers, listed, roles, cfg.service_role)
