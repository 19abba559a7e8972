# Settings > Credentials likewise (the user's own TOTP secret); _6025 adds
# gencloud_mfa's subclass back under the same slug and URLs.
PANEL = 'credentials'
PANEL_DASHBOARD = 'settings'
REMOVE_PANEL = True
