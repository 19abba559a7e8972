"""Recovery codes right after a first-login enrollment, shown once on the Settings page."""
from __future__ import annotations

import hashlib
import logging

from django import http, shortcuts
from django.contrib import messages as django_messages

from gencloud_mfa.flow import messages
from gencloud_mfa.keystone import KeystoneUnavailable, credentials
from gencloud_mfa.keystone.stores import ServiceStore
from gencloud_mfa.state import mutex, stash

LOG = logging.getLogger(__name__)


def after_enrollment(request, response: http.HttpResponse, receipt: str) -> http.HttpResponse:
    """Right after a first-login enrollment: new recovery codes, shown once.

    Runs once the login finished, for the user of this session's token. A
    double submit that finished the login twice issues one set per RECEIPT
    (the other request goes straight on).
    """
    once = 'codes:' + hashlib.sha256(receipt.encode()).hexdigest()
    if not request.user.is_authenticated or not mutex.first(once):
        return response
    try:
        codes = credentials.issue_codes(ServiceStore(), request.user.id)
    except KeystoneUnavailable as exc:
        LOG.warning('No recovery codes for user %s: %s', request.user.id, exc)
        django_messages.warning(request, messages.CODES_NOT_CREATED)
        return response
    stash.put(request, stash.CODES_KEY, codes=codes, next=response.url)
    return shortcuts.redirect(stash.CODES_PAGE)
