"""Horizon's Users table plus MFA status columns and two MFA actions."""
from __future__ import annotations

from django.template import defaultfilters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables
from openstack_dashboard import api
from openstack_dashboard.dashboards.identity.users import tables as upstream

from gencloud_mfa import conf, keystone_admin, rules


def _admin_client(request):
    return api.keystone.keystoneclient(request, admin=True)


class ResetAuthenticator(tables.BatchAction):
    name = 'reset_authenticator'
    action_type = 'danger'
    help_text = _('The user keeps the MFA requirement and must set up an '
                  'authenticator app again at the next login.')
    policy_rules = (('identity', 'identity:delete_credential'),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Reset Authenticator', 'Reset Authenticators', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Reset Authenticator', 'Reset Authenticators', count)

    def allowed(self, request, user=None):
        return user is None or getattr(user, 'totp_enrolled', None) is not False

    def action(self, request, obj_id):
        keystone_admin.reset_authenticator(_admin_client(request), obj_id)


class RequireMfa(tables.BatchAction):
    name = 'require_mfa'
    help_text = _('The user must set up an authenticator app at the next login.')
    policy_rules = (('identity', 'identity:update_user'),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Require MFA', 'Require MFA', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Required MFA for', 'Required MFA for', count)

    def allowed(self, request, user=None):
        return user is None or not keystone_admin.mfa_protected(user)

    def action(self, request, obj_id):
        keystone_admin.require_mfa(_admin_client(request), obj_id, conf.get().default_rules)


def _enrolled_label(user):
    enrolled = getattr(user, 'totp_enrolled', None)
    if enrolled is None:
        return _('Unknown')
    if enrolled and rules.totp_alone_signs_in(*keystone_admin.mfa_options(user)):
        return _('Registered; a code alone signs in: use Require MFA')
    return _('Registered') if enrolled else _('Not registered')


class MfaUsersTable(upstream.UsersTable):
    mfa_enabled = tables.Column(lambda user: keystone_admin.mfa_options(user)[0],
                                verbose_name=_('MFA'),
                                filters=(defaultfilters.yesno, defaultfilters.capfirst))
    mfa_rules = tables.Column(
        lambda user: keystone_admin.format_rules(keystone_admin.mfa_options(user)[1]),
        verbose_name=_('MFA Rules'), empty_value='-')
    totp_enrolled = tables.Column(_enrolled_label, verbose_name=_('Authenticator'))

    class Meta(upstream.UsersTable.Meta):
        row_actions = upstream.UsersTable.Meta.row_actions + (RequireMfa, ResetAuthenticator)
        table_actions = upstream.UsersTable.Meta.table_actions + (ResetAuthenticator,)
