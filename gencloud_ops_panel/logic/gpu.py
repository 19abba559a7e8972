"""GPU requests in flavor extra specs, and GPU capacity: pure functions.

Nova's `[pci] alias` is not exposed by any API, so the operator repeats it in
the GENCLOUD_GPU_ALIASES setting; everything here works on plain dicts from
Nova/Placement plus that setting, so it is unit-tested without services.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PCI_ALIAS_KEY = 'pci_passthrough:alias'
VGPU = 'VGPU'
# `resources:VGPU` or granular `resources1:VGPU`, `resources_gpu:CUSTOM_X`.
_RESOURCES_KEY = re.compile(r'^resources[\w-]*:(?P<rc>[A-Z0-9_]+)$')
_ALIAS_ITEM = re.compile(r'^\s*(?P<alias>[^:,\s]+)\s*:\s*(?P<count>\d+)\s*$')
_HEX4 = re.compile(r'^[0-9a-fA-F]{4}$')


class ConfigError(ValueError):
    """GENCLOUD_GPU_ALIASES is malformed."""


@dataclass(frozen=True)
class GPUAlias:
    alias: str
    model: str
    vendor_id: str
    product_id: str
    resource_class: str


@dataclass(frozen=True)
class GPURequest:
    """One GPU ask of a flavor: `key` is the extra spec it came from."""
    key: str
    name: str          # PCI alias or resource class as written in the flavor
    count: int
    model: str | None  # None: alias not in GENCLOUD_GPU_ALIASES

    @property
    def mapped(self) -> bool:
        return self.model is not None


def default_resource_class(vendor_id: str, product_id: str) -> str:
    """The class Nova gives PCI devices in Placement when none is configured."""
    return f'CUSTOM_PCI_{vendor_id.upper()}_{product_id.upper()}'


def load_aliases(setting: Mapping) -> dict[str, GPUAlias]:
    """Validate GENCLOUD_GPU_ALIASES; raise ConfigError naming the bad entry."""
    if not isinstance(setting, Mapping):
        raise ConfigError('GENCLOUD_GPU_ALIASES must be a dict of alias -> spec')
    aliases = {}
    for alias, spec in setting.items():
        if not isinstance(spec, Mapping):
            raise ConfigError(f'GENCLOUD_GPU_ALIASES[{alias!r}] must be a dict')
        missing = [k for k in ('model', 'vendor_id', 'product_id') if not spec.get(k)]
        if missing:
            raise ConfigError(f'GENCLOUD_GPU_ALIASES[{alias!r}] lacks {", ".join(missing)}')
        for key in ('vendor_id', 'product_id'):
            if not _HEX4.match(str(spec[key])):
                raise ConfigError(f'GENCLOUD_GPU_ALIASES[{alias!r}][{key!r}] must be 4 hex digits')
        aliases[alias] = GPUAlias(
            alias=alias, model=str(spec['model']), vendor_id=spec['vendor_id'].lower(),
            product_id=spec['product_id'].lower(),
            resource_class=spec.get('resource_class')
            or default_resource_class(spec['vendor_id'], spec['product_id']))
    return aliases


def parse_alias_spec(value: str) -> list[tuple[str, int]]:
    """`t4:2` or `t4:1, a100:2` -> [(alias, count)]; ValueError if malformed."""
    items = []
    for part in str(value).split(','):
        match = _ALIAS_ITEM.match(part)
        if not match:
            raise ValueError(f'{value!r} is not of the form alias:count[, alias:count]')
        items.append((match['alias'], int(match['count'])))
    return items


def format_alias_spec(items: Iterable[tuple[str, int]]) -> str:
    return ', '.join(f'{alias}:{count}' for alias, count in items)


def gpu_requests(extra_specs: Mapping[str, str],
                 aliases: Mapping[str, GPUAlias]) -> list[GPURequest]:
    """Every GPU the flavor asks for; empty if it is not a GPU flavor.

    A malformed `pci_passthrough:alias` still marks a GPU flavor: it yields a
    request with count 0 and no model, so the table flags it.
    """
    by_class = {a.resource_class: a for a in aliases.values()}
    requests = []
    for key, value in sorted(extra_specs.items()):
        if key == PCI_ALIAS_KEY:
            try:
                items = parse_alias_spec(value)
            except ValueError:
                requests.append(GPURequest(key, str(value), 0, None))
                continue
            requests.extend(
                GPURequest(key, alias, count, aliases[alias].model if alias in aliases else None)
                for alias, count in items)
            continue
        match = _RESOURCES_KEY.match(key)
        if match and (match['rc'] == VGPU or match['rc'] in by_class):
            rc = match['rc']
            count = int(value) if str(value).isdigit() else 0
            model = 'vGPU' if rc == VGPU else by_class[rc].model
            requests.append(GPURequest(key, rc, count, model))
    return requests


def describe(requests: Iterable[GPURequest]) -> str:
    """`NVIDIA Tesla T4 × 2, a100? × 1` for the table (unmapped names kept)."""
    return ', '.join(f'{r.model or r.name} × {r.count}' for r in requests)


def servers_per_flavor(servers: Iterable[Mapping]) -> Counter:
    """Servers per flavor name (servers/detail ≥ 2.47 embeds the flavor by name)."""
    return Counter((s.get('flavor') or {}).get('original_name') for s in servers)


def gpu_flavor_rows(flavors: Iterable[Mapping], servers: Iterable[Mapping],
                    aliases: Mapping[str, GPUAlias]) -> list[dict]:
    """Table rows for the flavors that ask for GPUs."""
    in_use = servers_per_flavor(servers)
    rows = []
    for flavor in flavors:
        requests = gpu_requests(flavor.get('extra_specs') or {}, aliases)
        if not requests:
            continue
        rows.append({
            'id': flavor['id'], 'name': flavor['name'], 'vcpus': flavor['vcpus'],
            'ram': flavor['ram'], 'disk': flavor['disk'],
            'is_public': flavor.get('os-flavor-access:is_public', True),
            'gpus': describe(requests), 'requests': requests,
            'unmapped': [r.name for r in requests if not r.mapped],
            'servers': in_use.get(flavor['name'], 0),
        })
    return rows


def allocated_from_servers(servers: Iterable[Mapping],
                           aliases: Mapping[str, GPUAlias]) -> list[dict]:
    """Capacity rows without Placement: allocated per host and model, total unknown."""
    allocated: Counter = Counter()
    for server in servers:
        specs = (server.get('flavor') or {}).get('extra_specs') or {}
        host = server.get('OS-EXT-SRV-ATTR:host') or ''
        for request in gpu_requests(specs, aliases):
            allocated[(host, request.model or request.name)] += request.count
    return [{'host': host, 'model': model, 'total': None, 'allocated': used, 'free': None}
            for (host, model), used in sorted(allocated.items())]


def capacity_from_placement(providers: Iterable[Mapping], inventories: Mapping[str, Mapping],
                            usages: Mapping[str, Mapping],
                            aliases: Mapping[str, GPUAlias]) -> list[dict]:
    """Capacity rows from Placement (resource providers ≥ 1.14).

    PROVIDERS is the full list; INVENTORIES / USAGES are keyed by provider
    uuid, {resource class: inventory dict} / {resource class: used}. A GPU
    provider's host is the name of its tree's root (the compute node).
    """
    providers = list(providers)
    names = {p['uuid']: p['name'] for p in providers}
    models = {a.resource_class: a.model for a in aliases.values()} | {VGPU: 'vGPU'}
    totals: Counter = Counter()
    used: Counter = Counter()
    for provider in providers:
        host = names.get(provider.get('root_provider_uuid'), provider['name'])
        for rc, inventory in (inventories.get(provider['uuid']) or {}).items():
            if rc not in models:
                continue
            key = (host, models[rc])
            totals[key] += inventory.get('total', 0) - inventory.get('reserved', 0)
            used[key] += (usages.get(provider['uuid']) or {}).get(rc, 0)
    return [{'host': host, 'model': model, 'total': total, 'allocated': used[(host, model)],
             'free': max(total - used[(host, model)], 0)}
            for (host, model), total in sorted(totals.items())]


def per_model(rows: Iterable[Mapping]) -> list[dict]:
    """Sum host rows per model for the chart; total/free stay None if unknown."""
    summed: dict[str, dict] = {}
    for row in rows:
        entry = summed.setdefault(row['model'], {'model': row['model'], 'total': 0,
                                                 'allocated': 0, 'free': 0})
        entry['allocated'] += row['allocated']
        for key in ('total', 'free'):
            entry[key] = None if entry[key] is None or row[key] is None else entry[key] + row[key]
    return [summed[model] for model in sorted(summed)]


def filter_rows(rows: Iterable[Mapping], field: str, value: str) -> list:
    """The GPU flavors table's server-side filter (choices as Horizon's flavor table)."""
    rows = list(rows)
    value = (value or '').strip()
    if not value:
        return rows
    if field in ('name', 'gpus'):
        return [r for r in rows if value.lower() in r[field].lower()]
    if field == 'is_public':
        wanted = value.lower() in ('yes', 'true', '1', 'y')
        return [r for r in rows if bool(r['is_public']) == wanted]
    if field in ('min_ram', 'min_disk'):
        if not value.isdigit():
            return []
        key = field.removeprefix('min_')
        return [r for r in rows if r[key] >= int(value)]
    return rows
