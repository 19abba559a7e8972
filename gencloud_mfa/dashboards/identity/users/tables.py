"""Horizon's Users table plus MFA status columns and two MFA actions; the MFA audit table."""
from __future__ import annotations

import datetime

from django.template import defaultfilters
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from horizon import tables
from openstack_dashboard.dashboards.identity.users import tables as upstream

from gencloud_mfa import conf
from gencloud_mfa.dashboards.base import admin_client
from gencloud_mfa.dashboards.mfa_rows import ResetAuthenticator
from gencloud_mfa.keystone import admin
from gencloud_mfa.logic import mfa_rules
from gencloud_mfa.state import audit


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
        return user is None or not mfa_rules.mfa_protected(user)

    def action(self, request, obj_id):
        admin.require_mfa(admin_client(request), obj_id, conf.get().default_rules)
        audit.record(request, audit.ADMIN_REQUIRE, obj_id, source='dashboard')


def _enrolled_label(user):
    enrolled = getattr(user, 'totp_enrolled', None)
    if enrolled is None:
        return _('Unknown')
    if (getattr(user, 'totp_count', None) or 0) > 1:
        return unexpected_label(user.totp_count)
    if getattr(user, 'totp_alone_signs_in', False):
        return _('Registered; a code alone signs in: use Require MFA')
    return _('Registered') if enrolled else _('Not registered')


def unexpected_label(count: int) -> str:
    """Keystone accepts a code from any of a user's TOTP credentials: more than one is a hole."""
    return ngettext('%(count)d registered — unexpected', '%(count)d registered — unexpected',
                    count) % {'count': count}


class MfaUsersTable(upstream.UsersTable):
    mfa_enabled = tables.Column(lambda user: mfa_rules.mfa_options(user)[0],
                                verbose_name=_('MFA'),
                                filters=(defaultfilters.yesno, defaultfilters.capfirst))
    mfa_rules = tables.Column(
        lambda user: mfa_rules.format_rules(mfa_rules.mfa_options(user)[1]),
        verbose_name=_('MFA Rules'), empty_value='-')
    totp_enrolled = tables.Column(_enrolled_label, verbose_name=_('Authenticator'))

    class Meta(upstream.UsersTable.Meta):
        row_actions = upstream.UsersTable.Meta.row_actions + (RequireMfa, ResetAuthenticator)
        table_actions = upstream.UsersTable.Meta.table_actions + (ResetAuthenticator,)


_SOURCES = {
    'dashboard': _('Dashboard'),
    'create_user': _('Create User'),
    'cli': _('manage.py gencloud_mfa'),
}


class AuditRow:
    """One audit event (a dict from audit.recent) as a table row."""

    def __init__(self, event: dict) -> None:
        self.event = event
        self.id = str(event.get('seq', ''))

    @property
    def when(self) -> str:
        try:
            stamp = datetime.datetime.fromisoformat(self.event['time'].replace('Z', '+00:00'))
        except (KeyError, ValueError):
            return self.event.get('time', '')
        return dateformat.format(timezone.localtime(stamp), 'Y-m-d H:i:s T')

    @property
    def label(self):
        return audit.EVENTS.get(self.event.get('event'), self.event.get('event'))

    @property
    def actor(self) -> str | None:
        return self.event.get('actor_name') or self.event.get('actor_id')

    @property
    def details(self) -> str | None:
        parts = []
        event = self.event
        if event.get('failures') is not None:
            parts.append(_('wrong codes so far: %(n)s') % {'n': event['failures']})
        if event.get('removed') is not None:
            parts.append(_('authenticators removed: %(n)s') % {'n': event['removed']})
        if event.get('remaining') is not None:
            parts.append(_('recovery codes left: %(n)s') % {'n': event['remaining']})
        if event.get('source') in _SOURCES:
            parts.append(str(_SOURCES[event['source']]))
        return '; '.join(str(part) for part in parts) or None


class MfaAuditTable(tables.DataTable):
    when = tables.Column('when', verbose_name=_('Time'))
    label = tables.Column('label', verbose_name=_('Event'))
    client = tables.Column(lambda row: row.event.get('client'),
                           verbose_name=_('Client address'), empty_value='-')
    node = tables.Column(lambda row: row.event.get('node'),
                         verbose_name=_('Horizon node'), empty_value='-')
    actor = tables.Column('actor', verbose_name=_('By'), empty_value='-')
    details = tables.Column('details', verbose_name=_('Details'), empty_value='-')

    class Meta:
        name = 'mfa_audit'
        verbose_name = _('Recent MFA events')
