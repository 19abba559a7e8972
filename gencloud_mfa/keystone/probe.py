"""Can the MFA service identity do more than its flows need (list, create, delete TOTP
credentials; read, create, update and delete recovery codes)?

Its password is the residual risk of self-enrollment (README "Service
identity"), so `manage.py gencloud_mfa status` asks Keystone. Each probe is
harmless whatever Keystone answers: deletes and updates name a credential that
does not exist (Keystone checks the policy first: 403 = refused, 404 = it
would have been allowed), and the probe credentials (one it may not create,
one recovery set it must be able to create: a Keystone still on the old
policy refuses it) belong to a user that does not exist and are deleted
again with the operator's admin client. The verdict is logic/privileges.py.
"""
from __future__ import annotations

import uuid

from gencloud_mfa import conf
from gencloud_mfa.keystone import KeystoneUnavailable, service_identity
from gencloud_mfa.logic import privileges, recovery_codes


def findings(admin_kc) -> list[str]:
    """Probe Keystone as the service identity; [] if it is as narrow as the README says."""
    cfg = conf.get()
    if not (cfg.service_user or cfg.app_cred_id):
        return []
    try:
        own_id = service_identity.user_id()
        missing = f'/credentials/{uuid.uuid4().hex}'
        nobody = f'probe-{uuid.uuid4().hex}'  # Keystone does not check a credential's user
        answers = {
            'list_users': service_identity.status_of('GET', '/users'),
            'delete_credential': service_identity.status_of('DELETE', missing),
            'update_credential': service_identity.status_of(
                'PATCH', missing, json={'credential': {'blob': 'x'}}),
            'create_other_type': service_identity.status_of('POST', '/credentials', json={
                'credential': {'type': privileges.PROBE_TYPE, 'user_id': nobody,
                               'blob': 'probe'}}),
            'create_recovery': service_identity.status_of('POST', '/credentials', json={
                'credential': {'type': recovery_codes.CREDENTIAL_TYPE, 'user_id': nobody,
                               'blob': '{}'}}),
        }
        listed = {cred['type'] for cred in service_identity.credentials()
                  if cred.get('user_id') != own_id}  # its own are Keystone's owner rule
    except KeystoneUnavailable as exc:
        return [f'could not be checked ({exc})']
    for leftover in admin_kc.credentials.list(user_id=nobody):
        admin_kc.credentials.delete(leftover)
    roles = [assignment.role['name'] for assignment in admin_kc.role_assignments.list(
        user=own_id, effective=True, include_names=True)]
    return privileges.judge(answers, listed, roles, cfg.service_role)
