PANEL = 'users'
PANEL_DASHBOARD = 'identity'
ADD_PANEL = 'gencloud_mfa.dashboards.identity.users.panel.Users'
