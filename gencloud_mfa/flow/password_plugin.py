"""openstack_auth login plugin: the password step, aware of every TOTP rule.

Upstream only routes a user to the TOTP page when a required rule is exactly
{password, totp}, and forgets who the receipt belongs to. This plugin replaces
openstack_auth.plugin.password.PasswordPlugin in AUTHENTICATION_PLUGINS; for
any rule containing totp it records the receipt's identity (see state/pending_login.py)
and lets the upstream login view store the receipt and redirect as usual.
"""
from __future__ import annotations

import datetime

from keystoneauth1 import exceptions as ks_exc
from openstack_auth.plugin import password

from gencloud_mfa.logic import mfa_rules
from gencloud_mfa.state import pending_login

_UPSTREAM_TOTP_RULE = [['password', 'totp']]


class _ReceiptRecorder:
    """Wraps the keystoneauth Password plugin; everything else is delegated."""

    def __init__(self, auth, login_name: str) -> None:
        self._auth = auth
        self._login_name = login_name

    def __getattr__(self, name):
        return getattr(self._auth, name)

    def get_access(self, session, **kwargs):
        try:
            return self._auth.get_access(session, **kwargs)
        except ks_exc.MissingAuthMethods as exc:
            if mfa_rules.needs_totp(exc.required_auth_methods) and exc.receipt:
                expires_at = exc.expires_at
                if isinstance(expires_at, datetime.datetime):
                    expires_at = expires_at.timestamp()
                pending_login.remember(exc.receipt, pending_login.from_receipt_body(
                    exc.response.json(), expires_at, self._login_name))
                # Let upstream's view treat it as its own TOTP case.
                exc.required_auth_methods = _UPSTREAM_TOTP_RULE
            raise


class PasswordPlugin(password.PasswordPlugin):
    def get_plugin(self, auth_url=None, username=None, password=None,
                   user_domain_name=None, **kwargs):
        auth = super().get_plugin(auth_url=auth_url, username=username, password=password,
                                  user_domain_name=user_domain_name, **kwargs)
        return None if auth is None else _ReceiptRecorder(auth, username)
