"""Thin Placement API for the GPU panel: providers, inventories, allocations, candidates.

Placement has no bulk inventory call, so inventories (and, for GPU
providers, allocations) are read per provider, in parallel, each with the
panel's timeout. Free capacity for "fits N more" comes from one
GET /allocation_candidates per distinct GPU resource class, never per flavor.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from openstack_dashboard.api import base as horizon_base

from gencloud_ops_panel.api import base
from gencloud_ops_panel.api.rest import call

VERSION = '1.14'  # parent/root provider uuids (nested providers: PCI and vGPU)
REQUIRED_TRAITS = '1.18'  # GET /resource_providers?required=<traits>
NESTED_CANDIDATES = '1.29'  # provider_summaries: whole trees, all classes, root uuids
ONE_TIME_USE = 'HW_PCI_ONE_TIME_USE'
PARALLEL = 8


def available(request) -> bool:
    return horizon_base.is_service_enabled(request, 'placement')


def _read(request, uuid: str, classes: frozenset[str]) -> tuple[dict, dict]:
    """Inventories; allocations only where the provider has a GPU class."""
    inventories = call(request, 'placement', 'GET', f'/resource_providers/{uuid}/inventories',
                       VERSION)['inventories']
    if not classes & set(inventories):
        return inventories, {}
    allocations = call(request, 'placement', 'GET', f'/resource_providers/{uuid}/allocations',
                       VERSION)['allocations']
    return inventories, allocations


def _one_time_use(request) -> set[str]:
    found = call(request, 'placement', 'GET', '/resource_providers', REQUIRED_TRAITS,
                 params={'required': ONE_TIME_USE})['resource_providers']
    return {p['uuid'] for p in found}


def gpu_inventory(request, classes: Iterable[str]
                  ) -> tuple[list[dict], dict[str, dict], dict[str, dict], set[str]]:
    """(providers, {uuid: inventories}, {uuid: {consumer: allocation}}, one-time-use uuids).

    CLASSES are the GPU resource classes whose providers' allocations are read.
    """
    classes = frozenset(classes)
    providers = call(request, 'placement', 'GET', '/resource_providers',
                     VERSION)['resource_providers']
    calls = {p['uuid']: partial(_read, request, p['uuid'], classes) for p in providers}
    calls[ONE_TIME_USE] = partial(_one_time_use, request)
    outcomes = base.fan_out(calls, workers=PARALLEL)
    one_time_use = outcomes.pop(ONE_TIME_USE).get()
    results = {uuid: outcome.get() for uuid, outcome in outcomes.items()}
    return (providers, {uuid: found[0] for uuid, found in results.items()},
            {uuid: found[1] for uuid, found in results.items()}, one_time_use)


def _candidates(request, resource_class: str) -> dict:
    return call(request, 'placement', 'GET', '/allocation_candidates', NESTED_CANDIDATES,
                params={'resources': f'{resource_class}:1'})['provider_summaries']


def free_capacity(request, classes: Iterable[str]) -> dict[str, dict]:
    """Merged provider_summaries of the trees that still have one of CLASSES free.

    Classes Placement does not know (nothing has them yet) are skipped: asking
    for them is a 400, and nothing of them is free anyway.
    """
    known = {rc['name'] for rc in call(request, 'placement', 'GET', '/resource_classes',
                                       VERSION)['resource_classes']}
    wanted = sorted(set(classes) & known)
    if not wanted:
        return {}
    outcomes = base.fan_out({rc: partial(_candidates, request, rc) for rc in wanted},
                            workers=PARALLEL)
    summaries: dict[str, dict] = {}
    for outcome in outcomes.values():
        summaries.update(outcome.get())
    return summaries
