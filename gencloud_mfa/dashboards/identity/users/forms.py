"""Horizon's Create User form plus "Require MFA (TOTP)"."""
from __future__ import annotations

import copy
import logging

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from openstack_dashboard.dashboards.identity.users import forms as upstream

from gencloud_mfa import conf
from gencloud_mfa.dashboards.base import admin_client
from gencloud_mfa.keystone import admin
from gencloud_mfa.state import audit

LOG = logging.getLogger(__name__)


class MfaCreateUserForm(upstream.CreateUserForm):
    require_mfa = forms.BooleanField(
        label=_('Require MFA (TOTP)'), required=False,
        help_text=_('The user must set up an authenticator app at the first login.'))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Horizon rebuilds self.fields from a fixed list; put ours back last.
        field = copy.deepcopy(self.base_fields['require_mfa'])
        field.initial = conf.get().default_mfa
        self.fields['require_mfa'] = field

    def handle(self, request, data):
        new_user = super().handle(request, data)
        if new_user and data.get('require_mfa'):
            try:
                admin.require_mfa(admin_client(request), new_user.id, conf.get().default_rules)
                audit.record(request, audit.ADMIN_REQUIRE, new_user.id, source='create_user')
            except Exception:
                LOG.exception('Could not require MFA for new user %s', new_user.id)
                messages.warning(request, _(
                    'User "%(name)s" was created, but MFA could not be switched on, so '
                    'the user can log in with a password alone. Use "Require MFA" on '
                    'the Users page before the user logs in.') % {'name': data['name']})
        return new_user
