PANEL = 'credentials'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.dashboards.identity.credentials.panel.CredentialsPanel'
