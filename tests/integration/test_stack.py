"""The foundation: our apps inside a real Horizon against a real Keystone."""
from __future__ import annotations

import pytest
import requests

from devstack.horizon_client import HorizonClient, panel_group_links

pytestmark = pytest.mark.integration

OPERATIONS = {'GPU': '/admin/gencloud_gpu/', 'Storage Rings': '/admin/gencloud_rings/',
              'Alerts': '/admin/gencloud_alerts/'}


@pytest.mark.smoke
def test_login_page_renders_with_our_apps(stack):
    page = HorizonClient(stack['horizon_url']).get('/auth/login/')
    assert page.status_code == 200
    assert 'name="username"' in page.text and 'name="password"' in page.text


def test_keystone_asks_mfa_users_for_totp(stack):
    """The password step of an MFA user ends in a receipt, as DESIGN.md says."""
    demo = stack['logins']['demo']
    answer = requests.post(stack['keystone_url'] + '/auth/tokens', timeout=10, json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': demo['username'], 'domain': {'id': 'default'},
            'password': demo['password']}}}}})
    assert answer.status_code == 401
    assert answer.headers.get('Openstack-Auth-Receipt')
    rules = [set(rule) for rule in answer.json()['required_auth_methods']]
    assert {'password', 'totp'} in rules


@pytest.mark.smoke
def test_admin_logs_in_and_sees_operations_group(stack):
    client = HorizonClient(stack['horizon_url'])
    admin = stack['logins']['admin']
    landed = client.login(admin['username'], admin['password'])
    assert landed.status_code == 200, landed.url
    assert '/auth/login' not in landed.url

    page = client.get('/admin/gencloud_gpu/')
    assert page.status_code == 200
    assert panel_group_links(page.text, 'admin', 'gencloud_ops') == OPERATIONS
    for path in OPERATIONS.values():
        assert client.get(path).status_code == 200


def test_session_is_shared_between_workers(stack):
    """Sessions live in memcached: many requests (both workers) stay logged in."""
    client = HorizonClient(stack['horizon_url'])
    admin = stack['logins']['admin']
    client.login(admin['username'], admin['password'])
    for _ in range(12):
        page = client.get('/admin/gencloud_alerts/', allow_redirects=False)
        assert page.status_code == 200


def test_wrong_password_stays_on_login(stack):
    client = HorizonClient(stack['horizon_url'])
    page = client.login('admin', 'not-the-password')
    assert page.status_code == 200
    assert 'Invalid credentials' in page.text


def test_anonymous_is_sent_to_login(stack):
    page = HorizonClient(stack['horizon_url']).get('/admin/gencloud_gpu/')
    assert '/auth/login/' in page.url
