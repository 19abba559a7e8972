"""Two Horizon processes behind a round-robin proxy, sharing memcached sessions."""
from __future__ import annotations

import pytest

from devstack.horizon_client import HorizonClient
from devstack.round_robin import RoundRobinProxy
from tests.mfa_helpers import (
    LANDING,
    is_code_page,
    is_enrollment,
    past_recovery_codes,
    path_of,
    shown_key,
    unused_code,
)

pytestmark = pytest.mark.integration


def test_enrollment_and_login_alternating_between_nodes(stack, new_user, client_ip):
    user = new_user()
    with RoundRobinProxy(stack['horizon_urls']) as proxy:
        client = HorizonClient(proxy.url, client_ip)
        page = client.login(user['username'], user['password'])
        assert is_enrollment(page)
        secret, used = shown_key(page), set()
        assert shown_key(client.get(path_of(page))) == secret  # the other node: same secret
        assert client.get('/auth/mfa/enroll-qr.png').status_code == 200
        done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
        assert path_of(past_recovery_codes(client, done)) == LANDING
        for _ in range(4):  # logged in on both nodes
            assert path_of(client.get('/identity/')) == '/identity/'

        again = HorizonClient(proxy.url, client_ip)
        page = again.login(user['username'], user['password'])
        assert is_code_page(page)
        done = again.post_form(path_of(page), {'passcode': unused_code(secret, used)})
        assert path_of(done) == LANDING
    assert all(hits >= 5 for hits in proxy.hits.values()), proxy.hits
