PANEL = 'application_credentials'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.application_credentials.panel.ApplicationCredentialsPanel'
