"""Recovery codes right after a first-login enrollment, shown once."""
from __future__ import annotations

import hashlib
import logging

from django import http, shortcuts
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from gencloud_mfa import guard, keystone_credentials, service
from gencloud_mfa.authenticator import stash

LOG = logging.getLogger(__name__)
URL = 'horizon:settings:gencloud_authenticator:codes'
MSG_CODES_NOT_CREATED = _('Your authenticator app is registered, but recovery codes could '
                          'not be created. Create them under Settings > Authenticator.')


def after_enrollment(request, response: http.HttpResponse, receipt: str) -> http.HttpResponse:
    """Right after a first-login enrollment: new recovery codes, shown once.

    Runs with the user's fresh token, so the service identity never needs
    to create recovery codes. A double submit that finished the login twice
    issues one set per RECEIPT (the other request goes straight on).
    """
    once = 'codes:' + hashlib.sha256(receipt.encode()).hexdigest()
    if not request.user.is_authenticated or not guard.first(once):
        return response
    try:
        codes = keystone_credentials.issue_codes(keystone_credentials.UserStore(request), request.user.id)
    except service.ServiceUnavailable as exc:
        LOG.warning('No recovery codes for user %s: %s', request.user.id, exc)
        messages.warning(request, MSG_CODES_NOT_CREATED)
        return response
    stash.put(request, stash.CODES_KEY, codes=codes, next=response.url)
    return shortcuts.redirect(URL)
