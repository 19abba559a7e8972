"""Settings > Authenticator: replace my authenticator app, new recovery codes.

Both actions start with a code from the current app (step-up, throttled
like the login). The MFA service identity makes the change, for the user of
the session's token only: the user's own token may not touch TOTP or
recovery credentials (keystone-policy.yaml), so neither can a stray one.
"""
