"""Nova's compute API WSGI app for gunicorn.

Nova parses sys.argv with oslo.config when the app initialises and would
choke on gunicorn's arguments, so clear them first. Config comes from
OS_NOVA_CONFIG_DIR, set by devstack.nova.

The local stack has no Neutron, yet server listings always ask Neutron for
the servers' security groups; answer "none" instead (stack-only shim, set
after Nova's own start-up so its threading set-up runs first).
"""
import sys

sys.argv = sys.argv[:1]

from nova.wsgi.osapi_compute import application  # noqa: E402,F401,I001

# Only now: Nova picks its threading mode on the first import above.
from nova.network import security_group_api  # noqa: E402

security_group_api.get_instances_security_groups_bindings = lambda context, servers: {}
