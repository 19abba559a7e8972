# Settings > Authenticator: replace the authenticator app, new recovery codes.
PANEL = 'gencloud_authenticator'
PANEL_DASHBOARD = 'settings'
PANEL_GROUP = 'default'  # with User Settings, Change Password, User Credentials
ADD_PANEL = 'gencloud_mfa.dashboards.settings.authenticator.panel.Authenticator'
