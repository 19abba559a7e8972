# Settings > Authenticator: replace the authenticator app, new recovery codes.
PANEL = 'gencloud_authenticator'
PANEL_DASHBOARD = 'settings'
ADD_PANEL = 'gencloud_mfa.authenticator.panel.Authenticator'
