# gencloud-horizon settings snippet. Horizon exec()s this file inside its
# settings module after local_settings.py. It sets no GENCLOUD_* value: the
# apps' conf.py modules read them from local_settings.py and hold the defaults.

# gencloud_mfa: our password plugin records who a TOTP receipt belongs to, and
# our URLs answer /auth/totp/<name>/ before openstack_auth's do.
_upstream_password = 'openstack_auth.plugin.password.PasswordPlugin'
_upstream_totp = 'openstack_auth.plugin.totp.TotpPlugin'
_plugins = [p for p in AUTHENTICATION_PLUGINS if p != _upstream_totp]  # noqa: F821
_plugins = ['gencloud_mfa.plugin.PasswordPlugin' if p == _upstream_password else p
            for p in _plugins]
AUTHENTICATION_PLUGINS = [_upstream_totp] + _plugins
if 'gencloud_mfa.urls' not in AUTHENTICATION_URLS:  # noqa: F821
    AUTHENTICATION_URLS = ['gencloud_mfa.urls'] + list(AUTHENTICATION_URLS)  # noqa: F821
del _upstream_password, _upstream_totp, _plugins

# gencloud_mfa: Horizon's REST API hands the session's Keystone token to the
# browser (/api/keystone/user-session/). With it, a stolen session cookie adds
# a TOTP credential of its own in Keystone (the owner may), past the step-up of
# Settings > Authenticator. Horizon's own pages never use that token.
ENABLE_CLIENT_TOKEN = False
