"""A newcomer's first clicks: every sidebar page, and one level below, answers below 500."""
from __future__ import annotations

import pytest

from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import LANDING, path_of
from tests.sidebar_crawl import crawl

pytestmark = pytest.mark.integration


@pytest.mark.parametrize('who', ['admin', 'member'])
def test_no_page_reachable_from_the_sidebar_fails(stack, who):
    login = stack['logins'][who]
    client = HorizonClient(stack['horizon_url'])
    landed = client.login(login['username'], login['password'])
    assert path_of(landed) == LANDING and landed.status_code == 200

    pages = crawl(client, depth=1)

    failed = {path: page.status_code for path, page in pages.items() if page.status_code >= 500}
    assert not failed
    assert '/project/' in pages and '/settings/' in pages
    if who == 'admin':
        assert {'/admin/', '/identity/', '/admin/gencloud_gpu/'} <= set(pages)
    else:
        assert not any(path.startswith('/admin/') for path in pages)
