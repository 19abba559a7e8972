PANEL = 'application_credentials'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.dashboards.identity.application_credentials.panel.ApplicationCredentialsPanel'
