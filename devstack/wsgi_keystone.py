"""Keystone's public WSGI app for gunicorn.

Keystone parses sys.argv with oslo.config at import time and would choke on
gunicorn's arguments, so clear them first. Config comes from
OS_KEYSTONE_CONFIG_FILES, set by devstack.keystone.
"""
import sys

sys.argv = sys.argv[:1]

from keystone.server.wsgi import initialize_public_application  # noqa: E402

application = initialize_public_application()
