"""Settings > Authenticator: replace my authenticator app, new recovery codes.

Both actions start with a code from the current app (step-up, throttled
like the login). They use the logged-in user's own token: Keystone's owner
rules decide, the MFA service identity is not involved.
"""
