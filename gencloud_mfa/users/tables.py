"""Horizon's Users table plus MFA status columns and two MFA actions."""
from __future__ import annotations

from django.template import defaultfilters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from horizon import tables
from openstack_dashboard import api
from openstack_dashboard.dashboards.identity.users import tables as upstream

from gencloud_mfa import conf, keystone_admin


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
        return user is None or not keystone_admin.requires_totp(
            *keystone_admin.mfa_options(user))

    def action(self, request, obj_id):
        keystone_admin.require_mfa(_admin_client(request), obj_id, conf.get().default_rules)


def _enrolled_label(user):
    enrolled = getattr(user, 'totp_enrolled', None)
    if enrolled is None:
        return _('Unknown')
    if (getattr(user, 'totp_count', None) or 0) > 1:
        return unexpected_label(user.totp_count)
    return _('Registered') if enrolled else _('Not registered')


def unexpected_label(count: int) -> str:
    """Keystone accepts a code from any of a user's TOTP credentials: more than one is a hole."""
    return ngettext('%(count)d registered — unexpected', '%(count)d registered — unexpected',
                    count) % {'count': count}


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
