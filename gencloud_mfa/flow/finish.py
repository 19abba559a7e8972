"""Finishing a login with receipt + code, the way openstack_auth's TotpView does."""
from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest
from openstack_auth import forms as auth_forms
from openstack_auth import user as auth_user

from gencloud_mfa.state.pending_login import PendingLogin


def _region(request: HttpRequest) -> str:
    """Keystone URL of the region chosen on the login form (cookie set upstream)."""
    try:
        return auth_forms.get_region_endpoint(request.COOKIES.get('login_region', 'default'))
    except (ValueError, IndexError, TypeError):
        return settings.OPENSTACK_KEYSTONE_URL


def authenticate(request: HttpRequest, receipt: str, pending: PendingLogin, code: str):
    """Exchange receipt + code for a Horizon user; raises openstack_auth exceptions."""
    return auth.authenticate(request=request, receipt=receipt, username=pending.user_name,
                             passcode=code, user_domain_name=pending.domain_name,
                             auth_url=_region(request))


def complete(request: HttpRequest, user) -> None:
    """Log USER in and set up the session like openstack_auth.views.TotpView.

    The caller has already dropped the receipt (pending_login.drop).
    """
    auth.login(request, user)
    auth_user.set_session_from_user(request, user)
    regions = dict(auth_forms.get_region_choices())
    request.session['region_endpoint'] = user.endpoint
    request.session['region_name'] = regions.get(request.COOKIES.get('login_region'))
