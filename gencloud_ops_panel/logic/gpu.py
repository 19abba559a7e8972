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


# --- Fits N more (Placement allocation candidates) --------------------------

# A flavor's vCPUs, RAM and root disk come from the compute node (the tree's root).
_ROOT_RESOURCES = (('VCPU', 'vcpus'), ('MEMORY_MB', 'ram'), ('DISK_GB', 'disk'))


def gpu_classes(aliases: Mapping[str, GPUAlias]) -> set[str]:
    """Every Placement resource class that is a GPU for the panel."""
    return {a.resource_class for a in aliases.values()} | {VGPU}


def request_class(request: GPURequest, aliases: Mapping[str, GPUAlias]) -> str | None:
    """The resource class one GPU request consumes; None if unknown (unmapped alias)."""
    if request.key != PCI_ALIAS_KEY:
        return request.name
    alias = aliases.get(request.name)
    return alias.resource_class if alias else None


def flavor_needs(row: Mapping, aliases: Mapping[str, GPUAlias]) -> Counter | None:
    """{resource class: GPUs per instance}; None when a request cannot be placed."""
    needs: Counter = Counter()
    for request in row['requests']:
        rc = request_class(request, aliases)
        if rc is None or request.count <= 0:
            return None
        needs[rc] += request.count
    return needs


def free_per_tree(summaries: Mapping[str, Mapping]) -> dict[str, tuple[Counter, dict]]:
    """{root uuid: (free per resource class in the tree, free per class of the root)}.

    SUMMARIES are `provider_summaries` of GET /allocation_candidates ≥ 1.29:
    capacity is already (total - reserved) × allocation_ratio.
    """
    trees: dict[str, tuple[Counter, dict]] = {}
    for uuid, summary in summaries.items():
        root = summary.get('root_provider_uuid') or uuid
        tree, root_free = trees.setdefault(root, (Counter(), {}))
        for rc, amounts in (summary.get('resources') or {}).items():
            free = max(int(amounts.get('capacity', 0) - amounts.get('used', 0)), 0)
            tree[rc] += free
            if uuid == root:
                root_free[rc] = free
    return trees


def fits_more(row: Mapping, needs: Mapping[str, int] | None,
              trees: Mapping[str, tuple[Counter, dict]]) -> int | None:
    """How many more instances of the flavor ROW fit now, summed over hosts."""
    if needs is None:
        return None
    total = 0
    for tree, root_free in trees.values():
        fits = [tree[rc] // count for rc, count in needs.items()]
        fits += [root_free[rc] // row[key] for rc, key in _ROOT_RESOURCES
                 if rc in root_free and row[key] > 0]
        total += min(fits) if fits else 0
    return total


def add_fits(rows: list[dict], summaries: Mapping[str, Mapping] | None,
             aliases: Mapping[str, GPUAlias]) -> None:
    """Set row['fits'] (None: unknown, e.g. without Placement)."""
    trees = None if summaries is None else free_per_tree(summaries)
    for row in rows:
        row['fits'] = None if trees is None else fits_more(row, flavor_needs(row, aliases),
                                                            trees)


def flavor_classes(rows: Iterable[Mapping], aliases: Mapping[str, GPUAlias]) -> set[str]:
    """The distinct GPU resource classes the flavors ask for (one Placement query each)."""
    return {rc for row in rows for r in row['requests']
            if (rc := request_class(r, aliases)) is not None}


# --- Devices: holders, one-time use, DCGM utilization -------------------------

_PCI_ADDRESS = re.compile(r'(?:pci_)?(?P<domain>[0-9a-f]{4,8})[:_](?P<bus>[0-9a-f]{2})[:_]'
                          r'(?P<slot>[0-9a-f]{2})[._](?P<function>[0-7])$', re.I)


def pci_address(text: str) -> str | None:
    """`0000:81:00.0` for `00000000:81:00.0` (DCGM), `0000:81:00.0` or `pci_0000_81_00_0`."""
    match = _PCI_ADDRESS.search(text or '')
    if not match:
        return None
    domain = int(match['domain'], 16)
    return f"{domain:04x}:{match['bus']}:{match['slot']}.{match['function']}".lower()


def short_host(name: str) -> str:
    """Compare hosts by short name: Placement may say `gpu1.example`, DCGM `gpu1`."""
    return (name or '').split('.')[0].lower()


def usages_from_allocations(allocations: Mapping[str, Mapping]) -> dict[str, Counter]:
    """{provider: {rc: used}} from {provider: GET .../allocations `allocations`}."""
    used: dict[str, Counter] = {}
    for uuid, consumers in allocations.items():
        counter = used.setdefault(uuid, Counter())
        for consumer in consumers.values():
            counter.update(consumer.get('resources') or {})
    return used


def device_rows(providers: Iterable[Mapping], inventories: Mapping[str, Mapping],
                allocations: Mapping[str, Mapping], one_time_use: set[str],
                servers: Iterable[Mapping], aliases: Mapping[str, GPUAlias]) -> list[dict]:
    """One row per GPU provider and class: who holds it, or why nobody can.

    A provider is named `<host>_<pci address>`; a one-time-use device
    (trait HW_PCI_ONE_TIME_USE) whose reserved equals total after release
    waits for cleanup. Holders are joined to SERVERS by consumer uuid.
    """
    providers = list(providers)
    names = {p['uuid']: p['name'] for p in providers}
    models = {a.resource_class: a.model for a in aliases.values()} | {VGPU: 'vGPU'}
    by_id = {s['id']: s for s in servers}
    rows = []
    for provider in providers:
        uuid = provider['uuid']
        host = names.get(provider.get('root_provider_uuid'), provider['name'])
        device = provider['name'].removeprefix(f'{host}_')
        for rc, inventory in sorted((inventories.get(uuid) or {}).items()):
            if rc not in models:
                continue
            holders = [_holder(consumer, resources['resources'][rc], by_id.get(consumer))
                       for consumer, resources in sorted((allocations.get(uuid) or {}).items())
                       if (resources.get('resources') or {}).get(rc)]
            total, reserved = inventory.get('total', 0), inventory.get('reserved', 0)
            state = ('held' if holders else
                     'cleanup' if uuid in one_time_use and reserved >= total else 'free')
            rows.append({'id': f'{uuid}/{rc}', 'host': host, 'device': device,
                         'pci': pci_address(device), 'model': models[rc],
                         'passthrough': rc != VGPU, 'total': total, 'state': state,
                         'holders': holders, 'checked': False, 'utilization': None,
                         'memory_used': None, 'idle': False})
    return sorted(rows, key=lambda r: (r['host'], r['device'], r['model']))


def _holder(consumer: str, amount: int, server: Mapping | None) -> dict:
    return {'consumer': consumer, 'amount': amount,
            'server': server['name'] if server else None,
            'project': server.get('tenant_id') if server else None}


def parse_vector(body: Mapping) -> dict[tuple[str, str], float]:
    """A Prometheus instant vector of DCGM series -> {(short host, pci address): value}."""
    if body.get('status') != 'success' or body['data']['resultType'] != 'vector':
        raise ValueError(f"not a vector: {body.get('error') or body['data']['resultType']}")
    found = {}
    for series in body['data']['result']:
        labels = series['metric']
        pci = pci_address(labels.get('pci_bus_id', ''))
        if pci and labels.get('Hostname'):
            found[(short_host(labels['Hostname']), pci)] = float(series['value'][1])
    return found


def add_utilization(rows: list[dict], utilization: Mapping, memory: Mapping,
                    busiest: Mapping, idle_percent: float) -> None:
    """Join DCGM series to device rows; flag held devices whose busiest value in the
    idle window (BUSIEST: max_over_time) stayed below IDLE_PERCENT."""
    for row in rows:
        key = (short_host(row['host']), row['pci'])
        row['checked'] = True
        row['utilization'] = utilization.get(key)
        row['memory_used'] = memory.get(key)
        peak = busiest.get(key)
        row['idle'] = row['state'] == 'held' and peak is not None and peak < idle_percent


_DURATION = re.compile(r'^\d+[smhdwy]$')
UTILIZATION, MEMORY_USED = 'DCGM_FI_DEV_GPU_UTIL', 'DCGM_FI_DEV_FB_USED'


def dcgm_queries(idle_window: str) -> dict[str, str]:
    """The three instant queries of the devices section; ConfigError on a bad window."""
    if not _DURATION.match(idle_window):
        raise ConfigError(f'GENCLOUD_GPU_IDLE_WINDOW {idle_window!r} is not a Prometheus '
                          'duration such as 30m or 1h')
    return {'utilization': UTILIZATION, 'memory': MEMORY_USED,
            'busiest': f'max_over_time({UTILIZATION}[{idle_window}])'}
