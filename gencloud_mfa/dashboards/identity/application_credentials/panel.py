from openstack_dashboard.dashboards.identity.application_credentials import panel


class ApplicationCredentialsPanel(panel.ApplicationCredentialsPanel):
    urls = 'gencloud_mfa.dashboards.identity.application_credentials.urls'
