PANEL = 'credentials'
PANEL_DASHBOARD = 'settings'
ADD_PANEL = 'gencloud_mfa.dashboards.settings.credentials.panel.CredentialsPanel'
