"""Horizon's expired-password page (`/auth/password/<user_id>/`) with Keystone's reason.

openstack_auth's form turns every refusal of Keystone's change-password API
into "Unable to update the user password.": a mistyped temporary password and
a new password that fails `[security_compliance] password_regex` look alike.
This form tells them apart. The user id comes from the URL and is only ever
sent to Keystone, which checks the original password for that id (as its own
API does for anyone); nothing about the user is shown or trusted here.
"""
from __future__ import annotations

import logging
import re

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from keystoneauth1 import exceptions as ks_exc
from openstack_auth import forms as auth_forms
from openstack_auth import utils
from openstack_auth import views as auth_views

LOG = logging.getLogger(__name__)

MSG_WRONG_ORIGINAL = _('The original password is not correct.')
MSG_REFUSED = _('The new password was not accepted: %(reason)s')
# keystoneauth appends " (HTTP 400) (Request-ID: req-...)" to Keystone's text.
_HTTP_SUFFIX = re.compile(r'\s*\(HTTP \d+\)(\s*\(Request-ID: [^)]*\))?\s*$')
MSG_UNAVAILABLE = _('The password could not be changed now. Please try again later.')


class PasswordForm(auth_forms.Password):
    @sensitive_variables('password', 'original_password')
    def clean(self):
        if not self.is_valid():
            return self.cleaned_data
        data = self.cleaned_data
        if data['password'] != data['confirm_password']:
            raise django_forms.ValidationError(_('Passwords do not match.'))
        if data['password'] == data['original_password']:
            raise django_forms.ValidationError(
                _('Old password and new password must be different.'))
        try:
            region = auth_forms.get_region_endpoint(data.get('region'))
        except (ValueError, IndexError, TypeError):
            raise django_forms.ValidationError(MSG_UNAVAILABLE) from None
        data['region'] = region
        user_id = self.initial['user_id']
        client = utils.get_keystone_client().Client(
            session=utils.get_session(auth=auth_forms.DummyAuth(user_id)),
            user_id=user_id, auth_url=region, endpoint=region)
        client.users.client.endpoint_override = region
        try:
            client.users.update_password(data['original_password'], data['password'])
        except ks_exc.Unauthorized:
            raise django_forms.ValidationError(MSG_WRONG_ORIGINAL) from None
        except ks_exc.BadRequest as exc:  # regex, minimum age, history: Keystone's text
            raise django_forms.ValidationError(MSG_REFUSED % {
                'reason': _HTTP_SUFFIX.sub('', str(exc.message))}) from None
        except ks_exc.ClientException as exc:
            LOG.warning('Expired-password change refused by Keystone: %s', type(exc).__name__)
            raise django_forms.ValidationError(MSG_UNAVAILABLE) from None
        return data


class PasswordView(auth_views.PasswordView):
    form_class = PasswordForm

    def get_context_data(self, **kwargs):
        """Show why the user is here: the login view's redirect sets "Your password
        has expired..." in the logout_reason cookie (10 s), which upstream's page,
        unlike the login page, does not show."""
        context = super().get_context_data(**kwargs)
        if self.request.method == 'GET':
            raw = self.request.COOKIES.get('logout_reason', '')
            try:  # decoded as openstack_auth's login view does
                context['logout_reason'] = raw.encode('ascii').decode('unicode_escape')
            except UnicodeError:
                context['logout_reason'] = ''
        return context
