"""Backend I/O of the Operations panels, plain data out.

OpenStack calls (rest.py: nova, placement) take `request` for its token and
catalog; Prometheus, Alertmanager and Swift calls need no user and take none.
base.py: the one BackendError and FanOut all of them share.
"""
