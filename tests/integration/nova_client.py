"""Direct admin access to the stack's nova-api, to read back what the panel did."""
from __future__ import annotations

from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from devstack.keystone import ADMIN_PASSWORD


class NovaClient:
    def __init__(self, stack: dict) -> None:
        auth = v3.Password(auth_url=stack['keystone_url'], username='admin',
                           password=ADMIN_PASSWORD, project_name='admin',
                           user_domain_id='default', project_domain_id='default')
        self.session = ks_session.Session(auth=auth)
        self.url = stack['nova_url']

    def call(self, method: str, path: str, version: str = '2.86', **kwargs):
        answer = self.session.request(
            self.url + path, method, raise_exc=False, timeout=30,
            headers={'OpenStack-API-Version': f'compute {version}'}, **kwargs)
        assert answer.status_code < 400, (answer.status_code, answer.text)
        return answer.json() if answer.content else {}

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
