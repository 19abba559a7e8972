"""Identity > User Credentials that never renders a TOTP secret.

Horizon's panel, views, forms and table are subclassed, not copied; the
enabled files swap this panel in under the same slug and URL names. A TOTP
credential's blob is a user's authenticator secret: its rows say
"Registered", it has no detail or edit page, it cannot be created here (only
enrollment, which proves the user's app holds the secret, creates one) and it
is removed with Reset Authenticator. Other credential types work as upstream.
"""
