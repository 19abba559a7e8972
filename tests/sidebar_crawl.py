"""Visit every dashboard page a logged-in user can reach, as a browser would by clicking.

API (kept stable; other test suites reuse it):

    crawl(client, depth=1, samples_per_pattern=2, skip=NEEDS_COMPUTE) -> {path: requests.Response}
    assert_no_server_error(pages)

- Level 0: the sidebar. Starts at ``/`` (the user's landing page) and
  ``/settings/`` (the user menu's *Settings* entry, whose panels appear in the
  sidebar only on a Settings page), then every panel link in the sidebar
  (``<nav id="sidebar">``) of every page fetched, until no new one appears.
- Level 1..DEPTH: same-origin GET links inside the page content
  (``<div id="content_body">``): detail pages, Create/Edit modal forms (as the
  full pages a browser without JavaScript gets), table pagination.
- A page's lazily loaded tabs (``?tab=...``, ``data-loaded="false"``) count as
  part of that page: they are fetched at the page's own level.
- Links that only differ in id-like parts (UUIDs, hex ids, numbers) form one
  pattern; at most SAMPLES_PER_PATTERN of each are fetched (None: all), so a
  cloud with many users stays a quick crawl.
- Never fetched: anything under ``/auth/`` (logout, project/region/provider
  switch, the MFA steps), language switch, static files and the JSON API
  (``UNSAFE_PATHS``, see ``is_unsafe``); and, unless SKIP says otherwise,
  instance consoles and console logs (``NEEDS_COMPUTE``): Nova asks
  nova-compute for them, which the local stack does not run, so they hang.

Keys of the result are path plus query (``/identity/users/?tab=...``), in the
order fetched; values are the responses after redirects.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape
from urllib.parse import urljoin, urlsplit

import requests

from devstack.horizon_client import HorizonClient

START_PATHS = ('/', '/settings/')

# GET URLs that change the session or are not pages. Matched against the path.
UNSAFE_PATHS = (
    re.compile(r'^/auth/'),            # logout, switch project/region/provider, MFA steps
    re.compile(r'^/i18n/'),            # language switch
    re.compile(r'^/(static|media)/'),  # assets
    re.compile(r'^/api/'),             # Horizon's JSON API for the Angular panels
    re.compile(r'^/jsi18n/'),
    re.compile(r'/logout/?$'),
    re.compile(r'/switch'),
)

# Read-only pages that need a nova-compute service (RPC): skipped by default.
NEEDS_COMPUTE = (
    re.compile(r'[?&]tab=instance_details__(console|log)\b'),
    re.compile(r'/instances/[^/]+/(console|vnc|spice|rdp|serial|mks)/?$'),
)

_ANCHOR = re.compile(r'<a\b[^>]*>', re.S)
_ATTR_HREF = re.compile(r'\bhref="([^"]*)"')
_ID_LIKE = re.compile(r'^(\d+|[0-9a-fA-F-]{8,}|[0-9a-fA-F]{32})$')


def is_unsafe(path: str) -> bool:
    """Whether a GET of PATH could change state (or is no page)."""
    return any(pattern.search(path) for pattern in UNSAFE_PATHS)


def _section(html: str, start: str, end: str) -> str:
    begin = html.find(start)
    if begin < 0:
        return ''
    stop = html.find(end, begin)
    return html[begin:stop if stop >= 0 else len(html)]


def sidebar_html(html: str) -> str:
    return _section(html, '<nav id="sidebar">', '</nav>')


def content_html(html: str) -> str:
    return _section(html, '<div id="content_body">', '<div id="footer">')


def _links(fragment: str, page_url: str, base: str, keep=lambda tag: True) -> list[str]:
    """Same-origin, safe targets of the <a> tags in FRAGMENT that KEEP accepts.

    As path+query, first seen first.
    """
    origin = urlsplit(base)
    found = []
    for tag in _ANCHOR.findall(fragment):
        href = _ATTR_HREF.search(tag)
        if not href or not keep(tag):
            continue
        href = unescape(href.group(1)).strip()
        if not href or href.startswith(('#', 'javascript:', 'mailto:')):
            continue
        parts = urlsplit(urljoin(page_url, href))
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            continue
        target = parts.path + (f'?{parts.query}' if parts.query else '')
        if not is_unsafe(parts.path) and target not in found:
            found.append(target)
    return found


def _is_tab(tag: str) -> bool:
    return 'data-toggle="tab"' in tag


def sidebar_links(html: str, page_url: str, base: str) -> list[str]:
    return _links(sidebar_html(html), page_url, base)


def content_links(html: str, page_url: str, base: str) -> list[str]:
    """Links in the page content, except its own tabs (see tab_links)."""
    return _links(content_html(html), page_url, base, keep=lambda tag: not _is_tab(tag))


def tab_links(html: str, page_url: str, base: str) -> list[str]:
    """The page's tabs that Horizon loads later (not yet in this HTML)."""
    return _links(content_html(html), page_url, base,
                  keep=lambda tag: _is_tab(tag) and 'data-loaded="false"' in tag)


def pattern(link: str) -> str:
    """LINK with id-like path segments and query values replaced by '*'."""
    path, _, query = link.partition('?')
    segments = ['*' if _ID_LIKE.match(s) else s for s in path.split('/')]
    pairs = []
    for pair in filter(None, query.split('&')):
        key, _, value = pair.partition('=')
        pairs.append(f'{key}=*' if _ID_LIKE.match(value) else pair)
    return '/'.join(segments) + ('?' + '&'.join(pairs) if pairs else '')


def _is_html(response: requests.Response) -> bool:
    return 'html' in response.headers.get('Content-Type', '')


def crawl(client: HorizonClient, depth: int = 1, samples_per_pattern: int | None = 2,
          skip: Iterable[re.Pattern] = NEEDS_COMPUTE) -> dict[str, requests.Response]:
    """Fetch the sidebar pages and DEPTH levels of content links as CLIENT (logged in).

    SKIP: patterns (searched in path+query) of links not to fetch, besides the
    unsafe ones, which are never fetched.
    """
    pages: dict[str, requests.Response] = {}
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    skip = tuple(skip)

    def wanted(link: str) -> bool:
        if link in seen or any(p.search(link) for p in skip):
            return False
        seen.add(link)
        key = pattern(link)
        if samples_per_pattern is not None and per_pattern.get(key, 0) >= samples_per_pattern:
            return False
        per_pattern[key] = per_pattern.get(key, 0) + 1
        return True

    def fetch(links: Iterable[str]) -> list[str]:
        """Fetch LINKS and their tabs; return the paths fetched (HTML pages only)."""
        done = []
        queue = [link for link in links if wanted(link)]
        while queue:
            link = queue.pop(0)
            response = pages[link] = client.get(link)
            if not _is_html(response):
                continue
            done.append(link)
            queue += [tab for tab in tab_links(response.text, response.url, client.base)
                      if wanted(tab)]
        return done

    level = fetch(START_PATHS)
    sidebar = list(level)
    while level:  # the Settings sidebar only shows on Settings pages
        level = fetch(link for path in level
                      for link in sidebar_links(pages[path].text, pages[path].url,
                                                client.base))
        sidebar += level

    level = sidebar
    for _ in range(depth):
        level = fetch(link for path in level
                      for link in content_links(pages[path].text, pages[path].url,
                                                client.base))
    return pages


def assert_no_server_error(pages: dict[str, requests.Response]) -> None:
    """No crawled page answered 500 or above (issue 12: a newcomer's click is never an error)."""
    failed = {path: page.status_code for path, page in pages.items() if page.status_code >= 500}
    assert not failed, failed
