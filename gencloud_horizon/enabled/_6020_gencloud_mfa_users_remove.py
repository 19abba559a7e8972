# Identity > Users is replaced by gencloud_mfa's subclass of Horizon's panel
# (same slug and URLs) which adds MFA status, the reset action and the
# "Require MFA" checkbox; _6021 adds it back.
PANEL = 'users'
PANEL_DASHBOARD = 'identity'
REMOVE_PANEL = True
