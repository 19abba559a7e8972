# gencloud-horizon settings snippet. Horizon exec()s this file inside its
# settings module after local_settings.py, so every value here is only a
# default: anything an operator already set in local_settings.py wins.
_gencloud_defaults = {
    # Operations > GPU: alias -> {"model", "vendor_id", "product_id"[, "resource_class"]}
    'GENCLOUD_GPU_ALIASES': {},
    # Operations > Storage Rings: where the .builder / .ring.gz files are on this host
    'GENCLOUD_SWIFT_DIR': '/etc/swift',
    'GENCLOUD_SWIFT_RECON_TIMEOUT': 3,              # seconds per recon request
    'GENCLOUD_SWIFT_RECON_WORKERS': 64,             # storage servers asked at once
    'GENCLOUD_SWIFT_RECON_EXTRA_ENDPOINTS': [],     # more 'ip:port' servers to ask
    'GENCLOUD_SWIFT_BALANCE_WARN': 1.0,             # percent
    'GENCLOUD_SWIFT_DISK_USAGE_WARN': 80,           # percent
    'GENCLOUD_SWIFT_REPLICATION_MAX_AGE': 86400,    # seconds since the last pass
    # Operations > Alerts (README "Alerts" lists every setting)
    'GENCLOUD_PROMETHEUS_URLS': [],           # e.g. ['http://prometheus:9090']
    'GENCLOUD_ALERTMANAGER_URLS': [],         # an HA pair: list both, alerts are de-duplicated
    'GENCLOUD_ALERTS_TIMEOUT': 5,             # seconds per request to Prometheus/Alertmanager
    'GENCLOUD_ALERTS_BASIC_AUTH': None,       # ('user', 'password')
    'GENCLOUD_ALERTS_BEARER_TOKEN': None,
    'GENCLOUD_ALERTS_CA_BUNDLE': None,        # path to a CA bundle; None = system CAs
    'GENCLOUD_ALERTS_SEVERITY_ORDER': ['critical', 'warning', 'info'],  # most severe first
    'GENCLOUD_ALERTS_PAGE_SIZE': None,        # None = each admin's Items Per Page setting
    'GENCLOUD_ALERTS_REFRESH_SECONDS': 15,    # 0 turns auto-refresh off
    'GENCLOUD_ALERTS_BADGE_TIMEOUT': 1,       # seconds; the header badge gives up after this
    'GENCLOUD_ALERTS_BADGE_CACHE_SECONDS': 30,
    # Seconds each Nova/Placement call of the Operations panels may take.
    'GENCLOUD_API_TIMEOUT': 10,
}
for _name, _value in _gencloud_defaults.items():
    globals().setdefault(_name, _value)

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
del _name, _value, _gencloud_defaults, _upstream_password, _upstream_totp, _plugins
