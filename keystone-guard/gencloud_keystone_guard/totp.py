"""Keystone's TOTP auth method, refused as the only factor of a token request.

Registered on the `keystone.auth.totp` entry point as `gencloud_guard`;
`[auth] totp = gencloud_guard` in keystone.conf selects it (README.rst). Upstream's
passcode check runs unchanged, but only when the request also carries another
method, or an auth receipt of the same user that records another method. The
structural refusal comes before any user lookup, so it tells nothing about the
user or the passcode.
"""
from __future__ import annotations

import flask
from keystone import exception
from keystone.auth.plugins import totp
from keystone.common import authorization, provider_api

PROVIDERS = provider_api.ProviderAPIs
METHOD = 'totp'


class TotpAlone(exception.Unauthorized):
    # Shown even without insecure_debug: it names no user and no secret, and
    # Horizon's `manage.py check` recognises it to tell the guard is installed.
    message_format = ('A TOTP passcode is a second factor: send it with another auth '
                      'method or with the auth receipt of your password step.')


def other_methods(methods) -> set[str]:
    """The methods besides totp, each of which Keystone must also see succeed."""
    return set(methods or ()) - {METHOD}


def _requested_methods() -> list[str]:
    # Keystone validated the body against its schema before any method runs.
    body = flask.request.get_json(silent=True, force=True) or {}
    return body.get('auth', {}).get('identity', {}).get('methods', [])


class SecondFactorTOTP(totp.TOTP):
    """Upstream's TOTP method that never signs anyone in on a passcode alone."""

    def authenticate(self, auth_payload):
        in_request = other_methods(_requested_methods())
        receipt_id = flask.request.headers.get(authorization.AUTH_RECEIPT_HEADER)
        if not in_request and not receipt_id:
            raise TotpAlone()
        response = super().authenticate(auth_payload)
        if not in_request:
            # Keystone validates the receipt again after every method ran; here it must
            # also be this user's and record a factor other than a passcode.
            receipt = PROVIDERS.receipt_provider_api.validate_receipt(receipt_id)
            if (receipt.user_id != response.response_data['user_id']
                    or not other_methods(receipt.methods)):
                raise TotpAlone()
        return response
