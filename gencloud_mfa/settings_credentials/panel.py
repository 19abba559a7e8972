from openstack_dashboard.dashboards.settings.credentials import panel


class CredentialsPanel(panel.CredentialsPanel):
    urls = 'gencloud_mfa.settings_credentials.urls'
