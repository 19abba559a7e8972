"""What every MFA login page (code/enrollment step, recovery page, QR) starts with.

Whose login it is comes only from the receipt in the server-side session
(state/pending_login.py); a user name in the URL is compared, never trusted.
"""
from __future__ import annotations

import datetime
import logging
import math

from django import http, shortcuts
from django.conf import settings
from django.urls import reverse
from django.utils import timesince
from openstack_auth.views import set_logout_reason

from gencloud_mfa.flow import messages
from gencloud_mfa.keystone import KeystoneUnavailable, credentials
from gencloud_mfa.state import pending_login, throttle
from gencloud_mfa.state.pending_login import PendingLogin

LOG = logging.getLogger(__name__)
Found = tuple[str, PendingLogin]


def to_login(request, message) -> http.HttpResponse:
    """Drop the pending login and go back to the login page, which shows MESSAGE."""
    pending_login.drop(request)
    response = shortcuts.redirect(settings.LOGIN_URL)
    set_logout_reason(response, str(message))
    return response


def locked_out(request, user_id: str, at_least: float = 0) -> http.HttpResponse | None:
    """Back to the login page while the throttle locks USER_ID out from here; else None."""
    wait = max(throttle.wait_seconds(request, user_id), at_least)
    if wait <= 0:
        return None
    now = datetime.datetime.now(datetime.timezone.utc)
    until = now + datetime.timedelta(minutes=math.ceil(wait / 60))
    return to_login(request, str(messages.SIGN_IN_LOCKED) % {
        'wait': timesince.timeuntil(until, now)})


def step_url(user_name: str) -> str:
    """The second-step URL for USER_NAME (any Keystone name: '/', spaces, unicode)."""
    return reverse('totp', args=[user_name])


def pending_or_redirect(request, user_name: str | None = None,
                        allow_expired: bool = False) -> tuple[Found | None, http.HttpResponse | None]:
    """(receipt, pending) for this session, or a redirect to the login page.

    USER_NAME (from the step URL) must name the pending login's user.
    """
    found = pending_login.current(request)
    if found is None:
        return None, to_login(request, messages.NO_LOGIN)
    _, pending = found
    if pending.expired and not allow_expired:
        return None, to_login(request, messages.EXPIRED)
    if user_name is not None and user_name not in (pending.login_name, pending.user_name):
        if request.method in ('GET', 'HEAD'):  # a link cannot cancel someone's sign-in
            return None, shortcuts.redirect(step_url(pending.login_name))
        LOG.warning('MFA step URL names another user than the session receipt; dropped')
        return None, to_login(request, messages.WRONG_USER)
    return found, None


def start(request, user_name: str | None = None,
          allow_expired: bool = False) -> tuple[Found | None, http.HttpResponse | None]:
    """`pending_or_redirect`, after the two ways out every page offers: already signed
    in (go on), or Cancel (back to the login page)."""
    if request.user.is_authenticated:
        return None, shortcuts.redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == 'POST' and 'cancel' in request.POST:
        return None, to_login(request, messages.SIGN_IN_CANCELLED)
    return pending_or_redirect(request, user_name, allow_expired)


def is_enrolled(receipt: str, pending: PendingLogin) -> bool:
    """Whether the user has a TOTP credential; asks Keystone once per pending login.

    Raises KeystoneUnavailable if Keystone cannot be asked.
    """
    if pending.enrolled is None:
        pending.enrolled = credentials.is_enrolled(pending.user_id)
        pending_login.remember(receipt, pending)
    return pending.enrolled


def keystone_down(request, pending: PendingLogin, exc: KeystoneUnavailable) -> http.HttpResponse:
    """HTTP 503 page for a pending login whose MFA state Keystone cannot tell."""
    LOG.warning('Cannot look up the MFA state of %s: %s', pending.user_id, exc)
    return shortcuts.render(request, 'gencloud_mfa/unavailable.html',
                            {'message': messages.KEYSTONE_DOWN}, status=503)
