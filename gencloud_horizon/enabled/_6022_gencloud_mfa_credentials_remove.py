# Identity > User Credentials is replaced by gencloud_mfa's subclass of
# Horizon's panel (same slug and URLs) that never renders a TOTP secret and
# does not create TOTP credentials; _6023 adds it back.
PANEL = 'credentials'
PANEL_DASHBOARD = 'identity'
REMOVE_PANEL = True
