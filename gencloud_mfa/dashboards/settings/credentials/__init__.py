"""Settings > Credentials that never renders the user's TOTP secret.

Horizon's panel subclassed like Identity > User Credentials
(dashboards/identity/credentials): the user's authenticator is listed as
"Registered", with no edit or delete; other types work as upstream.
"""
