"""Horizon enabled files and local_settings.d snippets shipped by gencloud-horizon.

`gencloud-horizon install` copies these into openstack_dashboard/local/; the
package exists only so the files travel inside the wheel.
"""
