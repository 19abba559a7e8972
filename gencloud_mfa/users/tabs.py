"""The user detail tabs, with a Credentials tab that shows no TOTP secret."""
from openstack_dashboard.dashboards.identity.users import tabs as upstream

from gencloud_mfa.credentials.tables import OwnCredentialsTable


class CredentialsTab(upstream.CredentialsTab):
    table_classes = (OwnCredentialsTable,)


class UserDetailTabs(upstream.UserDetailTabs):
    tabs = tuple(CredentialsTab if tab is upstream.CredentialsTab else tab
                 for tab in upstream.UserDetailTabs.tabs)
