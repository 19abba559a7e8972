from openstack_dashboard.dashboards.settings.credentials import panel


class CredentialsPanel(panel.CredentialsPanel):
    urls = 'gencloud_mfa.dashboards.settings.credentials.urls'
