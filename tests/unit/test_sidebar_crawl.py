"""The crawler's link picking (pure HTML parsing; the crawl itself runs in integration)."""
from __future__ import annotations

from tests import sidebar_crawl

BASE = 'http://127.0.0.1:8000'
PAGE = '''<html><div class="topbar"><a href="/auth/logout/">Sign Out</a>
<a href="/project/api_access/openrc/">RC</a></div>
<nav id="sidebar"><a data-toggle="collapse" data-target="#x">Identity</a>
<a class="openstack-panel" href="/identity/users/">Users</a>
<a class="openstack-panel" href="/admin/flavors/">Flavors</a></nav>
<div id="content_body">
<ul><li><a href="?tab=d__overview" data-toggle="tab" data-loaded="true">Overview</a></li>
<li><a href="?tab=d__credentials" data-toggle="tab" data-loaded="false">Credentials</a></li></ul>
<a href="/identity/users/abc123def4567890abc123def4567890/detail/">u</a>
<a href="/identity/users/create/" class="ajax-modal">Create</a>
<a href="edit/?next=/x&amp;a=1">Edit</a>
<a href="/auth/switch/p1/?next=/">Set as active project</a>
<a href="/i18n/setlang/">Language</a>
<a href="https://docs.openstack.org/">Docs</a>
<a href="#" data-toggle="dropdown">More</a>
<a href="javascript:void(0)">js</a>
</div><div id="footer"><a href="/footer/">f</a></div></html>'''
URL = f'{BASE}/identity/users/'


def test_sidebar_links_are_the_panels():
    assert sidebar_crawl.sidebar_links(PAGE, URL, BASE) == ['/identity/users/', '/admin/flavors/']


def test_content_links_are_same_origin_safe_and_exclude_tabs():
    assert sidebar_crawl.content_links(PAGE, URL, BASE) == [
        '/identity/users/abc123def4567890abc123def4567890/detail/',
        '/identity/users/create/',
        '/identity/users/edit/?next=/x&a=1',
    ]


def test_only_tabs_not_yet_loaded_are_fetched():
    assert sidebar_crawl.tab_links(PAGE, URL, BASE) == ['/identity/users/?tab=d__credentials']


def test_state_changing_urls_are_unsafe():
    for path in ('/auth/logout/', '/auth/switch/abc/', '/auth/switch_services_region/r/',
                 '/i18n/setlang/', '/static/x.js', '/api/nova/servers/'):
        assert sidebar_crawl.is_unsafe(path), path
    assert not sidebar_crawl.is_unsafe('/identity/users/')


def test_pattern_folds_ids_keeps_words():
    assert sidebar_crawl.pattern('/identity/users/abc123def4567890abc123def4567890/detail/') \
        == '/identity/users/*/detail/'
    assert sidebar_crawl.pattern('/admin/flavors/42/update/') == '/admin/flavors/*/update/'
    assert sidebar_crawl.pattern('/x/?marker=5005d603-119a-4007-90e5-b1c9945c05f6&tab=a__b') \
        == '/x/?marker=*&tab=a__b'


def test_compute_pages_are_skipped_by_default():
    link = '/admin/instances/5005d603/detail?tab=instance_details__console'
    assert any(p.search(link) for p in sidebar_crawl.NEEDS_COMPUTE)
