"""What the Settings flows keep between pages, in the server-side session only.

New recovery codes wait there until the user has seen them and continues; a
replacement secret waits there until a code from the new app confirms it.
Entries belong to the user who made them and expire.
"""
from __future__ import annotations

import time

CODES_KEY = 'gencloud_mfa_new_codes'
# The Settings page that shows CODES_KEY's codes (the login flow sends users there too).
CODES_PAGE = 'horizon:settings:gencloud_authenticator:codes'
REPLACE_KEY = 'gencloud_mfa_replace'
MAX_AGE = 900


def put(request, key: str, **values) -> None:
    request.session[key] = {'user_id': request.user.id, 'at': time.time(), **values}


def get(request, key: str) -> dict | None:
    entry = request.session.get(key)
    if (not entry or entry.get('user_id') != request.user.id
            or time.time() - entry.get('at', 0) > MAX_AGE):
        return None
    return entry


def drop(request, key: str) -> None:
    request.session.pop(key, None)
