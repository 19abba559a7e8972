"""Thin Placement API for GPU capacity: providers, inventories, usages.

Placement has no bulk inventory call, so inventories and usages are read
per provider, in parallel, each with the panel's timeout.
"""
from __future__ import annotations

from functools import partial

from openstack_dashboard.api import base as horizon_base

from gencloud_ops_panel.api import base
from gencloud_ops_panel.api.rest import call

VERSION = '1.14'  # parent/root provider uuids (nested providers: PCI and vGPU)
PARALLEL = 8


def available(request) -> bool:
    return horizon_base.is_service_enabled(request, 'placement')


def _read(request, uuid: str) -> tuple[dict, dict]:
    inventories = call(request, 'placement', 'GET', f'/resource_providers/{uuid}/inventories',
                       VERSION)['inventories']
    usages = call(request, 'placement', 'GET', f'/resource_providers/{uuid}/usages',
                  VERSION)['usages']
    return inventories, usages


def gpu_inventory(request) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    """(providers, {uuid: inventories}, {uuid: usages}) for the capacity table."""
    providers = call(request, 'placement', 'GET', '/resource_providers',
                     VERSION)['resource_providers']
    outcomes = base.fan_out({p['uuid']: partial(_read, request, p['uuid']) for p in providers},
                            workers=PARALLEL)
    results = {uuid: outcome.get() for uuid, outcome in outcomes.items()}
    return (providers, {uuid: found[0] for uuid, found in results.items()},
            {uuid: found[1] for uuid, found in results.items()})
