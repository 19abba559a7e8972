"""Direct admin access to the stack's Nova and Placement (test set-up, demo data)."""
from __future__ import annotations

import uuid

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from devstack.keystone import ADMIN_PASSWORD


class AdminClient:
    """JSON calls as the stack's admin to one service, failing on HTTP errors."""
    service_type = url_key = default_version = ''

    def __init__(self, stack: dict) -> None:
        auth = v3.Password(auth_url=stack['keystone_url'], username='admin',
                           password=ADMIN_PASSWORD, project_name='admin',
                           user_domain_id='default', project_domain_id='default')
        self.session = ks_session.Session(auth=auth)
        self.url = stack[self.url_key]

    def call(self, method: str, path: str, version: str | None = None, **kwargs):
        version = version or self.default_version
        answer = self.session.request(
            self.url + path, method, raise_exc=False, timeout=30,
            headers={'OpenStack-API-Version': f'{self.service_type} {version}'}, **kwargs)
        if answer.status_code >= 400:
            raise RuntimeError(f'{method} {path}: {answer.status_code} {answer.text[:500]}')
        return answer.json() if answer.content else {}


class NovaClient(AdminClient):
    service_type, url_key, default_version = 'compute', 'nova_url', '2.86'

    def flavor_by_name(self, name: str) -> dict | None:
        flavors = self.call('GET', '/flavors/detail?is_public=None', '2.61')['flavors']
        return next((f for f in flavors if f['name'] == name), None)

    def create_flavor(self, name: str, extra_specs: dict, **sizes) -> dict:
        body = {'name': name, 'vcpus': 4, 'ram': 4096, 'disk': 20, **sizes}
        flavor = self.call('POST', '/flavors', json={'flavor': body})['flavor']
        if extra_specs:
            self.call('POST', f'/flavors/{flavor["id"]}/os-extra_specs',
                      json={'extra_specs': extra_specs})
        return flavor


class PlacementClient(AdminClient):
    """1.26: an inventory may reserve all of its total (a one-time-use device after use)."""
    service_type, url_key, default_version = 'placement', 'placement_url', '1.26'

    def provider(self, name: str, parent: str | None = None) -> str:
        """Create a resource provider; return its uuid."""
        return self.call('POST', '/resource_providers',
                         json={'name': name, 'parent_provider_uuid': parent})['uuid']

    def inventory(self, provider: str, resource_class: str, total: int,
                  reserved: int = 0) -> None:
        if resource_class.startswith('CUSTOM_'):
            self.call('PUT', f'/resource_classes/{resource_class}')
        found = self.call('GET', f'/resource_providers/{provider}/inventories')
        inventories = {**found['inventories'],
                       resource_class: {'total': total, 'reserved': reserved}}
        self.call('PUT', f'/resource_providers/{provider}/inventories', json={
            'resource_provider_generation': found['resource_provider_generation'],
            'inventories': inventories})

    def traits(self, provider: str, traits: list[str]) -> None:
        generation = self.call('GET', f'/resource_providers/{provider}/traits')[
            'resource_provider_generation']
        self.call('PUT', f'/resource_providers/{provider}/traits', json={
            'resource_provider_generation': generation, 'traits': traits})

    def allocate(self, provider: str, resource_class: str, amount: int,
                 consumer: str | None = None, more: dict | None = None) -> str:
        """Allocate AMOUNT (and MORE: {provider: {rc: amount}}) to CONSUMER (default: a new
        one), as a server boot would; return the consumer."""
        consumer = consumer or str(uuid.uuid4())
        allocations = {provider: {'resources': {resource_class: amount}}}
        allocations.update({rp: {'resources': rcs} for rp, rcs in (more or {}).items()})
        self.call('PUT', f'/allocations/{consumer}', json={
            'allocations': allocations,
            'project_id': uuid.uuid4().hex, 'user_id': uuid.uuid4().hex})
        return consumer
