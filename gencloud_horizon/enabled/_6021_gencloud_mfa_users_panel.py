PANEL = 'users'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.users.panel.Users'
