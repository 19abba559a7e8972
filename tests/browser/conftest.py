"""Headless Debian Chromium driven by Playwright against the session stack."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.journeys import sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / 'test-artifacts' / 'screenshots'
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
                 '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync']


@pytest.fixture(scope='session')
def chromium():
    playwright_api = pytest.importorskip('playwright.sync_api')
    if not Path(CHROMIUM).exists():
        pytest.fail(f'{CHROMIUM} missing: ./dev setup installs Debian chromium')
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, stack, client_ip):
    """A fresh browser profile per test, English unless the test says otherwise."""
    contexts = []

    def open_page(locale: str = 'en-US'):
        context = chromium.new_context(
            base_url=stack['horizon_url'], locale=locale,
            viewport={'width': 1280, 'height': 900},
            extra_http_headers={'X-Forwarded-For': client_ip,
                                'Accept-Language': locale})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def admin_page(browser_page, stack):
    """Open a browser page, signed in as the stack's admin (no MFA)."""
    def open_page(locale: str = 'en-US'):
        page = browser_page(locale=locale)
        login = stack['logins']['admin']
        sign_in(page, login['username'], login['password'])
        return page
    return open_page


@pytest.fixture
def shot():
    """shot(page, name): save a full-page screenshot under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f'{name}.png'
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
