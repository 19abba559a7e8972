"""Optional enrollment window (GENCLOUD_MFA_ENROLL_WINDOW_HOURS).

When an admin requires MFA or resets an authenticator, the time is written
into the Keystone user record as an extra attribute (ATTRIBUTE), with the
admin's own token: Keystone is the source of truth every Horizon node reads,
only admins may write user records, and users cannot move their own window.
At login the MFA service identity reads it (get_user, read-only;
keystone.credentials.enrollment_allowed) and refuses self-enrollment once the
window has passed. A user with no recorded time (MFA required before this
existed, or set outside Horizon) counts as closed: the safe side, an admin
reopens it with Reset Authenticator.
"""
from __future__ import annotations

import datetime

ATTRIBUTE = 'gencloud_mfa_enroll_opened_at'
_FORMAT = '%Y-%m-%dT%H:%M:%SZ'


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def opening(now: datetime.datetime | None = None) -> dict[str, str]:
    """The user attribute that opens the window now (for a Keystone user update)."""
    return {ATTRIBUTE: (now or utcnow()).strftime(_FORMAT)}


def parse(value) -> datetime.datetime | None:
    """The recorded opening time, or None if missing or not ours."""
    try:
        return datetime.datetime.strptime(str(value), _FORMAT).replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def is_open(recorded, hours: float | None, now: datetime.datetime) -> bool:
    """Whether a user whose window opened at RECORDED may enroll at NOW."""
    if hours is None:
        return True
    opened = parse(recorded)
    if opened is None:
        return False
    return now - opened <= datetime.timedelta(hours=hours)
