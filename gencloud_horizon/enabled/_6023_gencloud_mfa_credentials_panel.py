PANEL = 'credentials'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.credentials.panel.CredentialsPanel'
