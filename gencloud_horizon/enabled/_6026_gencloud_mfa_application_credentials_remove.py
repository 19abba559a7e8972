# Identity > Application Credentials is replaced by gencloud_mfa's subclass of
# Horizon's panel (same slug and URLs) whose success page and downloads go
# back to the list when the session holds no new credential, instead of
# answering HTTP 500; _6027 adds it back.
PANEL = 'application_credentials'
PANEL_DASHBOARD = 'identity'
REMOVE_PANEL = True
