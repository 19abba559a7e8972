from openstack_dashboard.dashboards.identity.credentials import panel


class CredentialsPanel(panel.CredentialsPanel):
    urls = 'gencloud_mfa.dashboards.identity.credentials.urls'
