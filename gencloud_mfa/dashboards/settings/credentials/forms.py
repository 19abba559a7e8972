from openstack_dashboard.dashboards.settings.credentials import forms as upstream

from gencloud_mfa.dashboards.mfa_rows import NoTotpMixin


class CreateCredentialForm(NoTotpMixin, upstream.CreateCredentialForm):
    pass
