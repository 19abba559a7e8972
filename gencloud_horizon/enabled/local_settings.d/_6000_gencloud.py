# gencloud-horizon settings snippet. Horizon exec()s this file inside its
# settings module after local_settings.py, so every value here is only a
# default: anything an operator already set in local_settings.py wins.
_gencloud_defaults = {
    # Operations > GPU: alias -> {"model", "vendor_id", "product_id"[, "resource_class"]}
    'GENCLOUD_GPU_ALIASES': {},
    # Seconds each Nova/Placement call of the Operations panels may take.
    'GENCLOUD_API_TIMEOUT': 10,
}
for _name, _value in _gencloud_defaults.items():
    globals().setdefault(_name, _value)
del _name, _value, _gencloud_defaults
