"""Recovery codes (pure) and the credential flows over an in-memory store."""
from __future__ import annotations

import itertools
import json

import pytest

from gencloud_mfa.keystone import Busy, KeystoneUnavailable
from gencloud_mfa.keystone import credentials as keystone_credentials
from gencloud_mfa.logic import recovery_codes
from gencloud_mfa.state import mutex


class MemoryStore:
    """Keystone's credential list/create/update/delete, in memory (unit tests only)."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.rows: dict[str, dict] = {}
        self.ids = (str(n) for n in itertools.count(1))
        self.fail_on = fail_on

    def _maybe_fail(self, call: str) -> None:
        if self.fail_on == call:
            raise KeystoneUnavailable(call)

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

    def update(self, credential_id, blob):
        self._maybe_fail('update')
        if credential_id not in self.rows:
            return False
        self.rows[credential_id]['blob'] = blob
        return True


def test_codes_are_random_and_well_formed():
    codes = recovery_codes.new_codes()
    assert len(codes) == recovery_codes.CODE_COUNT == len(set(codes))
    assert all(recovery_codes.normalize(code) == code for code in codes)


@pytest.mark.parametrize('typed,expected', [
    ('abcde-12345', 'abcde12345'),
    (' ABCDE 12345 ', 'abcde12345'),
    ('abcdeOI345', 'abcde01345'),   # read off paper: O is 0, I is 1
    ('abcde-1234', None),
    ('abcde-1234u', None),          # u is not in the alphabet
    ('', None),
])
def test_normalize(typed, expected):
    assert recovery_codes.normalize(typed) == expected


def test_display_groups_in_halves():
    assert recovery_codes.display('abcde12345') == 'abcde-12345'


def test_one_blob_per_set_holds_only_salted_hashes():
    codes = ['abcde12345', 'fghjk67890']
    blob = json.loads(recovery_codes.blob(codes))
    assert all(code not in json.dumps(blob) for code in codes)
    assert len(set(blob['hashes'])) == 2
    assert json.loads(recovery_codes.blob(codes))['salt'] != blob['salt']


def test_match_finds_the_right_code_and_ignores_foreign_blobs():
    rows = [{'id': 'a', 'blob': recovery_codes.blob(['abcde12345', 'fghjk67890'])},
            {'id': 'b', 'blob': recovery_codes.blob(['mnpqr11111'])},
            {'id': 'x', 'blob': 'not json'}, {'id': 'y', 'blob': '{"kdf": "md5"}'},
            {'id': 'z', 'blob': json.dumps({'kdf': recovery_codes.KDF, 'salt': 'zz', 'hashes': []})},
            {'id': 'w', 'blob': json.dumps({'kdf': recovery_codes.KDF, 'salt': 'aa', 'hash': 'a'})}]
    stored = recovery_codes.stored(rows)
    assert [found.credential_id for found in stored] == ['a', 'b']
    assert recovery_codes.remaining(stored) == 3
    found, digest = recovery_codes.match('fghjk67890', stored)
    assert found.credential_id == 'a' and digest in found.digests
    assert recovery_codes.match('mnpqr11111', stored)[0].credential_id == 'b'
    assert recovery_codes.match('abcde00000', stored) is None


def test_without_drops_one_code_and_the_last_one_leaves_nothing():
    stored = recovery_codes.parse({'id': 'a', 'blob': recovery_codes.blob(['abcde12345', 'fghjk67890'])})
    _, digest = recovery_codes.match('abcde12345', [stored])
    left = recovery_codes.parse({'id': 'a', 'blob': recovery_codes.without(stored, digest)})
    assert left.salt == stored.salt and recovery_codes.remaining([left]) == 1
    assert recovery_codes.match('abcde12345', [left]) is None
    _, last = recovery_codes.match('fghjk67890', [left])
    assert recovery_codes.without(left, last) is None


def test_issue_then_use_each_code_once():
    store = MemoryStore()
    codes = keystone_credentials.issue_codes(store, 'u1')
    assert len(store.rows) == 1  # one credential per set: one POST at enrollment
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery_codes.CODE_COUNT
    assert keystone_credentials.use_code(store, 'u1', recovery_codes.display(codes[3])) == recovery_codes.CODE_COUNT - 1
    assert keystone_credentials.use_code(store, 'u1', codes[3]) is None
    assert keystone_credentials.use_code(store, 'u2', codes[4]) is None  # another user's codes
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery_codes.CODE_COUNT - 1


def test_the_last_code_deletes_the_set():
    store = MemoryStore()
    codes = keystone_credentials.issue_codes(store, 'u1')
    for left, code in reversed(list(enumerate(codes))):
        assert keystone_credentials.use_code(store, 'u1', code) == left
    assert store.rows == {}


def test_a_failed_update_keeps_the_code():
    store = MemoryStore()
    codes = keystone_credentials.issue_codes(store, 'u1')
    store.fail_on = 'update'
    with pytest.raises(KeystoneUnavailable):
        keystone_credentials.use_code(store, 'u1', codes[0])
    store.fail_on = None
    assert keystone_credentials.use_code(store, 'u1', codes[0]) is not None


def test_new_codes_replace_the_old_set():
    store = MemoryStore()
    old = keystone_credentials.issue_codes(store, 'u1')
    new = keystone_credentials.issue_codes(store, 'u1')
    assert keystone_credentials.remaining_codes(store, 'u1') == recovery_codes.CODE_COUNT
    assert keystone_credentials.use_code(store, 'u1', old[0]) is None
    assert keystone_credentials.use_code(store, 'u1', new[0]) is not None


def test_failed_issue_keeps_the_old_codes():
    store = MemoryStore()
    old = keystone_credentials.issue_codes(store, 'u1')
    store.fail_on = 'create'
    with pytest.raises(KeystoneUnavailable):
        keystone_credentials.issue_codes(store, 'u1')
    store.fail_on = None
    assert keystone_credentials.use_code(store, 'u1', old[0]) is not None


def test_replace_keeps_the_old_authenticator_until_the_new_one_is_saved():
    store = MemoryStore()
    store.create('u1', 'totp', 'OLDSECRET')
    store.fail_on = 'create'
    with pytest.raises(KeystoneUnavailable):
        keystone_credentials.replace_authenticator(store, 'u1', 'NEWSECRET')
    assert [c['blob'] for c in store.list('u1', 'totp')] == ['OLDSECRET']
    store.fail_on = 'delete'
    with pytest.raises(KeystoneUnavailable):
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
    assert keystone_credentials.use_code(store, 'u1', codes[0]) is not None


def test_mutex_excludes_a_second_holder_and_first_is_once():
    with keystone_credentials.credential_lock('unit-test'):
        with pytest.raises(Busy), keystone_credentials.credential_lock('unit-test', wait=0.2):
            pass
    with keystone_credentials.credential_lock('unit-test', wait=0.2):
        pass
    assert mutex.first('unit-once') and not mutex.first('unit-once')
