"""MFA audit trail: one structured event per security-relevant step.

Every event goes to two places:

- the logger ``gencloud_mfa.audit``, one JSON object per line: the durable
  record, which operators ship to their log pipeline (README "Audit trail");
- Django's cache (the memcached every Horizon node shares): the last
  GENCLOUD_MFA_AUDIT_KEEP events per user, shown to admins on Identity >
  Users > user > *MFA Audit*. A recent-events view, not an archive.

Other flows call it like this (events are the constants below)::

    from gencloud_mfa.state import audit
    audit.record(request, audit.ADMIN_RESET, user_id, removed=1, source='cli')
    audit.recent(user_id, limit=20)      # newest first

An event holds the event name, user id, client address, Horizon node and
time, the acting admin when the request is an admin's, and only the extra
fields named in FIELDS with plain values. Anything else passed in (a code, a
secret, a token) is dropped, never written anywhere.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import logging

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from gencloud_mfa import conf
from gencloud_mfa.state import client_ip

LOG = logging.getLogger('gencloud_mfa.audit')
_LOG_SELF = logging.getLogger('gencloud_mfa.audit.store')

ENROLL = 'enroll'
CODE_FAILED = 'code_failed'
LOCKOUT = 'lockout'
RECOVERY_CODE_USED = 'recovery_code_used'
REPLACE = 'replace'
ADMIN_RESET = 'admin_reset'
ADMIN_REQUIRE = 'admin_require'
ENROLL_REFUSED = 'enroll_refused'

EVENTS = {
    ENROLL: _('Authenticator registered'),
    CODE_FAILED: _('Wrong code'),
    LOCKOUT: _('Locked out after too many wrong codes'),
    RECOVERY_CODE_USED: _('Recovery code used'),
    REPLACE: _('Authenticator replaced'),
    ADMIN_RESET: _('Authenticator reset by an administrator'),
    ADMIN_REQUIRE: _('MFA required by an administrator'),
    ENROLL_REFUSED: _('Enrollment refused: the enrollment window has closed'),
}

# Extra fields an event may carry. Add a name here to record a new one; it must
# never hold a code, secret, token or password.
FIELDS = frozenset({
    'failures',      # wrong codes counted so far (code_failed, lockout)
    'removed',       # authenticators deleted (admin_reset)
    'remaining',     # recovery codes left (recovery_code_used)
    'source',        # 'dashboard', 'create_user', 'cli'
    'actor_id', 'actor_name',  # who did it, when not the request's own user
})
_MAX_TEXT = 200
_PREFIX = 'gencloud_mfa:audit:'
STORE_SECONDS = 30 * 24 * 3600  # memcached's longest relative expiry


def _now() -> str:
    stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='milliseconds')
    return stamp.replace('+00:00', 'Z')


def _plain(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def build(request, event: str, user_id: str, **fields) -> dict:
    """The event as recorded: fixed keys plus the allowed, plain extra fields."""
    if event not in EVENTS:
        raise ValueError(f'unknown audit event {event!r}; use the constants in state/audit.py')
    record = {'event': event, 'user_id': str(user_id), 'time': _now(),
              'node': conf.get().node_name,
              'client': client_ip(request) if request is not None else None}
    user = getattr(request, 'user', None)
    if user is not None and user.is_authenticated:
        record.update(actor_id=user.id, actor_name=user.username)
    for name, value in fields.items():
        if name in FIELDS and _plain(value):
            record[name] = value[:_MAX_TEXT] if isinstance(value, str) else value
    return record


def record(request, event: str, user_id: str, **fields) -> dict:
    """Log EVENT for USER_ID and keep it for the user's detail tab; returns the event.

    REQUEST gives the client address and the acting admin; None for scripts
    (pass actor_name= and source= instead). Never raises for a store outage:
    the log line is written first, and login flows must not fail on auditing.
    """
    entry = build(request, event, user_id, **fields)
    LOG.info(json.dumps(entry, sort_keys=True))
    try:
        _store(entry)
    except Exception as exc:  # noqa: BLE001 - any cache failure; the log line is out
        _LOG_SELF.warning('MFA audit event %s not kept for the detail tab: %s',
                          event, type(exc).__name__)
    return entry


def _user_key(user_id: str) -> str:
    return _PREFIX + hashlib.sha256(user_id.encode()).hexdigest()


def _slot(user_id: str, seq: int) -> str:
    return f'{_user_key(user_id)}:{seq % conf.get().audit_keep}'


def _store(entry: dict) -> None:
    """Ring buffer per user: an atomic counter picks the slot, so parallel
    writers on any node never overwrite each other's newest events."""
    counter = _user_key(entry['user_id']) + ':seq'
    cache.add(counter, 0, STORE_SECONDS)
    try:
        seq = cache.incr(counter)
    except ValueError:  # expired between add and incr
        seq = 1
        cache.set(counter, seq, STORE_SECONDS)
    cache.touch(counter, STORE_SECONDS)
    cache.set(_slot(entry['user_id'], seq), {**entry, 'seq': seq}, STORE_SECONDS)


def recent(user_id: str, limit: int | None = None) -> list[dict]:
    """The user's last events, newest first (at most GENCLOUD_MFA_AUDIT_KEEP)."""
    keep = conf.get().audit_keep
    limit = keep if limit is None else min(limit, keep)
    last = cache.get(_user_key(user_id) + ':seq') or 0
    wanted = list(range(last, max(0, last - limit), -1))
    found = cache.get_many([_slot(user_id, seq) for seq in wanted])
    events = []
    for seq in wanted:
        entry = found.get(_slot(user_id, seq))
        if entry and entry.get('seq') == seq:  # not a leftover of an older round
            events.append(entry)
    return events
