"""gencloud_mfa.state.audit: event shape, nothing secret ever recorded, the bounded per-user store."""
from __future__ import annotations

import json
import logging
import uuid
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import RequestFactory, override_settings

from gencloud_mfa.dashboards.identity.users.tables import AuditRow
from gencloud_mfa.state import audit

SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
CODE = '492039'


def request(ip='203.0.113.7', user=None):
    req = RequestFactory().post('/auth/totp/demo/', REMOTE_ADDR=ip)
    req.user = user or SimpleNamespace(is_authenticated=False)
    return req


@pytest.fixture
def user_id():
    return uuid.uuid4().hex


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger='gencloud_mfa.audit')

    def lines():
        return [json.loads(r.getMessage()) for r in caplog.records
                if r.name == 'gencloud_mfa.audit']
    return lines


@override_settings(GENCLOUD_MFA_NODE_NAME='horizon-a')
def test_event_has_the_fixed_fields(user_id, audit_lines):
    entry = audit.record(request(), audit.CODE_FAILED, user_id, failures=2)
    assert set(entry) == {'event', 'user_id', 'client', 'node', 'time', 'failures'}
    assert entry['event'] == 'code_failed' and entry['user_id'] == user_id
    assert entry['client'] == '203.0.113.7' and entry['node'] == 'horizon-a'
    assert entry['time'].endswith('Z') and entry['failures'] == 2
    assert audit_lines() == [entry]


def test_no_secret_code_or_token_is_ever_recorded(user_id, audit_lines, caplog):
    entry = audit.record(request(), audit.ENROLL, user_id, code=CODE, secret=SECRET,
                         passcode=CODE, token='gAAAA-token', password='pw', blob=SECRET,
                         receipt='rcpt', source={'nested': SECRET})
    stored = audit.recent(user_id)
    for text in (json.dumps(entry), caplog.text, json.dumps(stored)):
        for secret in (SECRET, CODE, 'gAAAA-token', 'rcpt', '"pw"'):
            assert secret not in text
    assert stored[0]['event'] == 'enroll' and 'source' not in stored[0]
    assert audit_lines()[0] == entry


def test_an_admins_request_names_the_admin(user_id):
    admin = SimpleNamespace(is_authenticated=True, id='admin-id', username='admin')
    entry = audit.record(request(user=admin), audit.ADMIN_RESET, user_id, removed=1,
                         source='dashboard')
    assert (entry['actor_id'], entry['actor_name'], entry['removed']) == ('admin-id', 'admin', 1)


def test_a_script_passes_its_actor_and_has_no_client(user_id):
    entry = audit.record(None, audit.ADMIN_REQUIRE, user_id, actor_name='ops', source='cli')
    assert entry['client'] is None and entry['actor_name'] == 'ops'


def test_long_text_is_cut():
    entry = audit.build(None, audit.ENROLL, 'u', actor_name='x' * 1000)
    assert len(entry['actor_name']) == 200


def test_unknown_event_names_are_refused():
    with pytest.raises(ValueError, match='unknown audit event'):
        audit.record(None, 'enrol', 'u')


@override_settings(GENCLOUD_MFA_AUDIT_KEEP=5)
def test_store_keeps_the_last_events_newest_first(user_id):
    for n in range(1, 8):
        audit.record(None, audit.CODE_FAILED, user_id, failures=n)
    kept = audit.recent(user_id)
    assert [e['failures'] for e in kept] == [7, 6, 5, 4, 3]
    assert [e['failures'] for e in audit.recent(user_id, limit=2)] == [7, 6]
    assert audit.recent(uuid.uuid4().hex) == []


@override_settings(GENCLOUD_MFA_AUDIT_KEEP=3)
def test_a_slot_from_an_older_round_is_not_shown(user_id):
    for n in range(1, 4):
        audit.record(None, audit.CODE_FAILED, user_id, failures=n)
    # Counter says 4, but event 4's slot still holds event 1 (its write is late).
    audit.cache.incr(audit._user_key(user_id) + ':seq')
    assert [e['failures'] for e in audit.recent(user_id)] == [3, 2]


def test_a_store_outage_still_logs_and_never_raises(user_id, audit_lines):
    with mock.patch.object(audit.cache, 'add', side_effect=OSError('memcached down')):
        entry = audit.record(request(), audit.LOCKOUT, user_id, failures=5)
    assert audit_lines() == [entry]


def test_every_event_has_a_label():
    constants = {value for name, value in vars(audit).items()
                 if name.isupper() and isinstance(value, str) and name not in ('_PREFIX',)}
    assert constants == set(audit.EVENTS)


def test_table_row_labels_and_details():
    row = AuditRow({'seq': 3, 'event': 'admin_reset', 'time': '2026-12-02T06:00:00.000Z',
                    'removed': 2, 'source': 'cli', 'actor_name': 'ops'})
    assert row.id == '3' and str(row.label) == 'Authenticator reset by an administrator'
    assert row.details == 'authenticators removed: 2; manage.py gencloud_mfa'
    assert row.actor == 'ops' and row.when.startswith('2026-12-02')
    plain = AuditRow({'event': 'enroll', 'time': 'garbage'})
    assert plain.when == 'garbage' and plain.details is None and plain.actor is None
