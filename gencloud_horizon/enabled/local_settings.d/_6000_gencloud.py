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
}
for _name, _value in _gencloud_defaults.items():
    globals().setdefault(_name, _value)
del _name, _value, _gencloud_defaults
