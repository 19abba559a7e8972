"""Helpers for panels that replace one of Horizon's under the same slug."""
from __future__ import annotations

import os
from types import ModuleType

from horizon import loaders


def serve_upstream_templates(panel_key: str, upstream_urls: ModuleType) -> None:
    """Let 'PANEL_KEY/...' templates resolve to Horizon's own panel folder again.

    Removing Horizon's panel (REMOVE_PANEL) also dropped its template folder
    from Horizon's panel template loader; our subclass renders the same
    templates. Called from our URL modules, which load lazily, after every
    enabled file has been processed.
    """
    loaders.panel_template_dirs[panel_key] = os.path.join(
        os.path.dirname(upstream_urls.__file__), 'templates')
