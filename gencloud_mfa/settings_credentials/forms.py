from openstack_dashboard.dashboards.settings.credentials import forms as upstream

from gencloud_mfa.credentials.forms import NoTotpMixin


class CreateCredentialForm(NoTotpMixin, upstream.CreateCredentialForm):
    pass
