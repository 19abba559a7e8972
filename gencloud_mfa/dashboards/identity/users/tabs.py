"""Horizon's user detail tabs: a Credentials tab that shows no TOTP secret, plus
*MFA Audit*, the user's recent MFA events."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from horizon import tabs
from openstack_dashboard.dashboards.identity.users import tabs as upstream

from gencloud_mfa.dashboards.identity.credentials.tables import OwnCredentialsTable
from gencloud_mfa.dashboards.identity.users import tables
from gencloud_mfa.state import audit


class CredentialsTab(upstream.CredentialsTab):
    table_classes = (OwnCredentialsTable,)


class MfaAuditTab(tabs.TableTab):
    """Read from the store every Horizon node shares (audit.recent)."""
    table_classes = (tables.MfaAuditTable,)
    name = _('MFA Audit')
    slug = 'mfa_audit'
    template_name = 'horizon/common/_detail_table.html'
    preload = False
    policy_rules = (('identity', 'identity:update_user'),)

    def get_mfa_audit_data(self):
        user_id = self.tab_group.kwargs['user'].id
        return [tables.AuditRow(event) for event in audit.recent(user_id)]


class UserDetailTabs(upstream.UserDetailTabs):
    tabs = (*(CredentialsTab if tab is upstream.CredentialsTab else tab
              for tab in upstream.UserDetailTabs.tabs), MfaAuditTab)
