"""Pure logic of the Operations panels: plain data in, plain data out, no I/O.

One module per panel (alerts, gpu; rings: ring_summary, ring_health); the
api/ modules fetch, the dashboards/ modules render.
"""
