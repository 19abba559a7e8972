from openstack_dashboard.dashboards.settings.credentials import tables as upstream

from gencloud_mfa.dashboards.identity.credentials.tables import OwnCredentialsTable
from gencloud_mfa.dashboards.mfa_rows import NotForMfa


class UpdateCredential(NotForMfa, upstream.UpdateCredentialAction):
    pass


class DeleteCredential(NotForMfa, upstream.DeleteCredentialAction):
    pass


class CredentialsTable(OwnCredentialsTable):
    class Meta(upstream.CredentialsTable.Meta):
        table_actions = (upstream.CreateCredentialAction, DeleteCredential)
        row_actions = (UpdateCredential, DeleteCredential)
