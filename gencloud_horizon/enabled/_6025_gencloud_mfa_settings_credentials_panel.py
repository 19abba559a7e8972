PANEL = 'credentials'
PANEL_DASHBOARD = 'settings'
ADD_PANEL = 'gencloud_mfa.settings_credentials.panel.CredentialsPanel'
