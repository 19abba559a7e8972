from openstack_dashboard.dashboards.settings.credentials import tables as upstream

from gencloud_mfa.credentials import tables


class UpdateCredential(tables.NotForMfa, upstream.UpdateCredentialAction):
    pass


class DeleteCredential(tables.NotForMfa, upstream.DeleteCredentialAction):
    pass


class CredentialsTable(tables.OwnCredentialsTable):
    class Meta(upstream.CredentialsTable.Meta):
        table_actions = (upstream.CreateCredentialAction, DeleteCredential)
        row_actions = (UpdateCredential, DeleteCredential)
