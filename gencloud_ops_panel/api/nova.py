"""Thin Nova API for the GPU panel: request in, plain dicts out.

Microversions: flavor lists at 2.61 (extra_specs embedded: one call per
1,000 flavors), server lists at 2.47 (flavor + extra_specs embedded), and
extra-spec writes at 2.86 when Nova offers it (Nova validates them there).
"""
from __future__ import annotations

from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.api.rest import call, next_params

LIST_FLAVORS = '2.61'
LIST_SERVERS = '2.47'
VALIDATED_EXTRA_SPECS = (2, 86)


def _list_all(request, path: str, key: str, version: str, params: dict) -> list[dict]:
    """Follow Nova's pagination (`[api] max_limit`, 1,000 by default)."""
    items: list[dict] = []
    while params is not None:
        page = call(request, 'compute', 'GET', path, version, params=params)
        items.extend(page.get(key, []))
        following = next_params(page.get(f'{key}_links'))
        params = {**params, **following} if following else None
    return items


def list_flavors(request) -> list[dict]:
    """Every flavor, public and private, with extra_specs."""
    return _list_all(request, '/flavors/detail', 'flavors', LIST_FLAVORS,
                     {'is_public': 'None'})


def list_servers(request) -> list[dict]:
    """Every project's servers with host and embedded flavor extra_specs."""
    return _list_all(request, '/servers/detail', 'servers', LIST_SERVERS,
                     {'all_tenants': '1'})


def get_flavor(request, flavor_id: str) -> dict:
    return call(request, 'compute', 'GET', f'/flavors/{flavor_id}', LIST_FLAVORS)['flavor']


def write_version(request) -> str:
    """2.86 where Nova has it (validated extra specs), else its maximum."""
    found = call(request, 'compute', 'GET', '/').get('version', {}).get('version') or '2.1'
    major, minor = min(tuple(int(n) for n in found.split('.')), VALIDATED_EXTRA_SPECS)
    return f'{major}.{minor}'


def set_extra_specs(request, flavor_id: str, specs: dict, version: str) -> None:
    call(request, 'compute', 'POST', f'/flavors/{flavor_id}/os-extra_specs', version,
         json={'extra_specs': specs})


def create_flavor(request, *, name: str, vcpus: int, ram: int, disk: int,
                  extra_specs: dict, is_public: bool, projects: list[str]) -> dict:
    """Flavor + extra specs + access, or nothing: a failed step deletes the flavor."""
    version = write_version(request)
    flavor = call(request, 'compute', 'POST', '/flavors', version, json={'flavor': {
        'name': name, 'vcpus': vcpus, 'ram': ram, 'disk': disk,
        'os-flavor-access:is_public': is_public}})['flavor']
    try:
        set_extra_specs(request, flavor['id'], extra_specs, version)
        for project in projects:
            call(request, 'compute', 'POST', f'/flavors/{flavor["id"]}/action', version,
                 json={'addTenantAccess': {'tenant': project}})
    except BackendError:
        delete_flavor(request, flavor['id'])
        raise
    return flavor


def delete_flavor(request, flavor_id: str) -> None:
    call(request, 'compute', 'DELETE', f'/flavors/{flavor_id}')

