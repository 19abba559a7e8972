"""Recovery codes (pure) and the credential flows over an in-memory store."""
from __future__ import annotations

import itertools
import json

import pytest

from gencloud_mfa import guard, keystone_credentials, recovery, service


class MemoryStore:
    """Keystone's credential list/create/delete, in memory (unit tests only)."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.rows: dict[str, dict] = {}
        self.ids = (str(n) for n in itertools.count(1))
        self.fail_on = fail_on

    def _maybe_fail(self, call: str) -> None:
        if self.fail_on == call:
            raise service.ServiceUnavailable(call)

    def list(self, user_id, cred_type):
        self._maybe_fail('list')
        return [dict(row) for row in self.rows.values()
                if row['user_id'] == user_id and row['type'] == cred_type]

    def create(self, user_id, cred_type, blob):
        self._maybe_fail('create')
        new_id = next(self.ids)
        self.rows[new_id] = {'id': new_id, 'user_id': user_id, 'type': cred_type, 'blob': blob}

    def delete(self, credential_id):
        self._maybe_fail('delete')
        return self.rows.pop(credential_id, None) is not None


def test_codes_are_random_and_well_formed():
    codes = recovery.new_codes()
    assert len(codes) == recovery.CODE_COUNT == len(set(codes))
    assert all(recovery.normalize(code) == code for code in codes)


@pytest.mark.parametrize('typed,expected', [
    ('abcde-12345', 'abcde12345'),
    (' ABCDE 12345 ', 'abcde12345'),
    ('abcdeOI345', 'abcde01345'),   # read off paper: O is 0, I is 1
    ('abcde-1234', None),
    ('abcde-1234u', None),          # u is not in the alphabet
    ('', None),
])
def test_normalize(typed, expected):
    assert recovery.normalize(typed) == expected


def test_display_groups_in_halves():
    assert recovery.display('abcde12345') == 'abcde-12345'


def test_blobs_hold_only_salted_hashes_one_salt_per_set():
    codes = ['abcde12345', 'fghjk67890']
    blobs = [json.loads(blob) for blob in recovery.blobs(codes)]
    assert all(code not in json.dumps(blob) for blob in blobs for code in codes)
    assert len({blob['salt'] for blob in blobs}) == 1
    assert len({blob['hash'] for blob in blobs}) == 2
    assert json.loads(recovery.blobs(codes)[0])['salt'] != blobs[0]['salt']


def test_match_finds_the_right_credential_and_ignores_foreign_blobs():
    blobs = recovery.blobs(['abcde12345', 'fghjk67890'])
    rows = [{'id': 'a', 'blob': blobs[0]}, {'id': 'b', 'blob': blobs[1]},
            {'id': 'x', 'blob': 'not json'}, {'id': 'y', 'blob': '{"kdf": "md5"}'},
            {'id': 'z', 'blob': json.dumps({'kdf': recovery.KDF, 'salt': 'zz', 'hash': 'a'})}]
    stored = recovery.stored(rows)
    assert [code.credential_id for code in stored] == ['a', 'b']
    assert recovery.match('fghjk67890', stored).credential_id == 'b'
    assert recovery.match('abcde00000', stored) is None


def test_issue_then_use_each_code_once():
    store = MemoryStore()
    codes = keystone_credentials.issue_codes(store, 'u1')
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery.CODE_COUNT
    assert keystone_credentials.use_code(store, 'u1', recovery.display(codes[3]))
    assert not keystone_credentials.use_code(store, 'u1', codes[3])
    assert not keystone_credentials.use_code(store, 'u2', codes[4])  # another user's codes
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery.CODE_COUNT - 1


def test_new_codes_replace_the_old_set():
    store = MemoryStore()
    old = keystone_credentials.issue_codes(store, 'u1')
    new = keystone_credentials.issue_codes(store, 'u1')
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery.CODE_COUNT
    assert not keystone_credentials.use_code(store, 'u1', old[0])
    assert keystone_credentials.use_code(store, 'u1', new[0])


def test_failed_issue_keeps_the_old_codes():
    store = MemoryStore()
    old = keystone_credentials.issue_codes(store, 'u1')
    store.fail_on = 'create'
    with pytest.raises(service.ServiceUnavailable):
        keystone_credentials.issue_codes(store, 'u1')
    store.fail_on = None
    assert keystone_credentials.use_code(store, 'u1', old[0])


def test_replace_keeps_the_old_authenticator_until_the_new_one_is_saved():
    store = MemoryStore()
    store.create('u1', 'totp', 'OLDSECRET')
    store.fail_on = 'create'
    with pytest.raises(service.ServiceUnavailable):
        keystone_credentials.replace_authenticator(store, 'u1', 'NEWSECRET')
    assert [c['blob'] for c in store.list('u1', 'totp')] == ['OLDSECRET']
    store.fail_on = 'delete'
    with pytest.raises(service.ServiceUnavailable):
        keystone_credentials.replace_authenticator(store, 'u1', 'NEWSECRET')
    store.fail_on = None
    keystone_credentials.replace_authenticator(store, 'u1', 'NEWSECRET')  # the retry finishes
    assert [c['blob'] for c in store.list('u1', 'totp')] == ['NEWSECRET']


def test_remove_authenticators_removes_every_totp_credential_only():
    store = MemoryStore()
    store.create('u1', 'totp', 'A')
    store.create('u1', 'totp', 'B')
    codes = keystone_credentials.issue_codes(store, 'u1')
    keystone_credentials.remove_authenticators(store, 'u1')
    assert store.list('u1', 'totp') == []
    assert keystone_credentials.use_code(store, 'u1', codes[0])


def test_mutex_excludes_a_second_holder_and_first_is_once():
    with service.credential_lock('unit-test'):
        with pytest.raises(service.Busy), service.credential_lock('unit-test', wait=0.2):
            pass
    with service.credential_lock('unit-test', wait=0.2):
        pass
    assert guard.first('unit-once') and not guard.first('unit-once')
