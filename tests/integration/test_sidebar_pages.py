"""A newcomer's first clicks: every sidebar page, and one level below, answers below 500.

The admin's and the enrolled user's crawls are the ones that also look for TOTP
secrets (test_mfa_credentials.py): one crawl per identity checks both.
"""
from __future__ import annotations

import pytest

from tests.mfa_helpers import login
from tests.sidebar_crawl import assert_no_server_error, crawl

pytestmark = pytest.mark.integration


def test_admin_lands_on_the_landing_page(stack):
    login(stack, 'admin')


def test_no_page_reachable_from_the_sidebar_fails_for_a_member(stack):
    pages = crawl(login(stack, 'member'), depth=1)

    assert_no_server_error(pages)
    assert '/project/' in pages and '/settings/' in pages
    assert not any(path.startswith('/admin/') for path in pages)
