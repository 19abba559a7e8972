"""What our panels share beyond MFA rows: Horizon's templates and the admin's client."""
from __future__ import annotations

import os
from types import ModuleType

from horizon import loaders
from keystoneclient.v3 import client as ks_client
from openstack_dashboard import api


def serve_upstream_templates(panel_key: str, upstream_urls: ModuleType) -> None:
    """Let 'PANEL_KEY/...' templates resolve to Horizon's own panel folder again.

    Removing Horizon's panel (REMOVE_PANEL) also dropped its template folder
    from Horizon's panel template loader; our subclass renders the same
    templates. Called from our URL modules, which load lazily, after every
    enabled file has been processed.
    """
    loaders.panel_template_dirs[panel_key] = os.path.join(
        os.path.dirname(upstream_urls.__file__), 'templates')


def admin_client(request) -> ks_client.Client:
    """The logged-in admin's keystoneclient, for keystone/admin.py's operations."""
    return api.keystone.keystoneclient(request, admin=True)
