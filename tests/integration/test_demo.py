"""`./dev demo` end to end: the launcher's own stack and demo data, as a newcomer meets it.

The other integration tests use the Stack fixture, which has no demo data; this
file runs `python -m devstack up` itself, clicks through what the welcome text
points at, and stops it with Ctrl-C as the welcome text says.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devstack import procs
from devstack.horizon_client import HorizonClient
from tests.mfa_helpers import LANDING, codes, is_code_page, is_enrollment, path_of
from tests.sidebar_crawl import assert_no_server_error, crawl, tab_links

pytestmark = pytest.mark.integration

PROJECT = Path(__file__).resolve().parents[2]
READY = 'Press Ctrl-C to stop every server.'
START_SECONDS = 240
# Marks of an error a page shows while answering 200: Horizon's error message,
# and our panels' failed source or section.
ERROR_MARKS = ('<strong>Error: </strong>', 'gencloud-source-failure', 'gencloud-section-error')
OPERATIONS = ('/admin/gencloud_gpu/', '/admin/gencloud_rings/', '/admin/gencloud_alerts/')


def _launcher_env() -> dict:
    """Ports from the block of the worker after the last one, so the launcher's
    stack never races this worker's own (devstack.procs.free_port)."""
    workers = int(os.environ.get('PYTEST_XDIST_WORKER_COUNT', '1'))
    return {**os.environ, 'PYTEST_XDIST_WORKER': f'gw{workers}'}


class Demo:
    def __init__(self, root: Path) -> None:
        self.output = root / 'launcher.out'
        self.root = root / 'stack'
        with self.output.open('w') as out:
            # The launcher gets SIGTERM if this process dies, and then stops its servers.
            self.proc = subprocess.Popen(
                ['setpriv', '--pdeathsig', 'TERM', '--', sys.executable, '-m', 'devstack',
                 'up', '--dir', str(self.root)],
                cwd=PROJECT, env=_launcher_env(), stdout=out, stderr=subprocess.STDOUT)
        self.info = self._wait_ready()

    def text(self) -> str:
        return self.output.read_text()

    def _wait_ready(self) -> dict:
        deadline = time.monotonic() + START_SECONDS
        while READY not in self.text():
            assert self.proc.poll() is None, self.text()
            assert time.monotonic() < deadline, self.text()
            time.sleep(0.5)
        return json.loads((self.root / 'stack.json').read_text())

    def login(self, who: str) -> tuple[HorizonClient, object]:
        credentials = self.info['logins'][who]
        client = HorizonClient(self.info['horizon_url'])
        return client, client.login(credentials['username'], credentials['password'])

    def stop(self) -> int:
        """Ctrl-C, as the welcome text says; the launcher's exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


@pytest.fixture(scope='module')
def demo(tmp_path_factory):
    the_demo = Demo(tmp_path_factory.mktemp('demo'))
    yield the_demo
    the_demo.stop()


def test_demo_starts_with_its_data_and_timed_steps(demo):
    text = demo.text()
    assert 'demo data: GPU flavors, servers, GPU inventory: ' in text
    assert 'demo data incomplete' not in text and 'Traceback' not in text
    assert 'ready in ' in text and 'Keystone ready: ' in text


def test_admin_lands_on_project_and_operations_pages_show_demo_data(demo):
    admin, landed = demo.login('admin')
    assert path_of(landed) == LANDING and landed.status_code == 200
    pages = {}
    for path in (LANDING, '/admin/flavors/', '/admin/instances/', *OPERATIONS):
        page = pages[path] = admin.get(path)
        for tab in tab_links(page.text, page.url, admin.base):
            pages[tab] = admin.get(tab)
    assert_no_server_error(pages)
    shown = {path: [mark for mark in ERROR_MARKS if mark in page.text]
             for path, page in pages.items()}
    assert not any(shown.values()), shown
    gpu = pages['/admin/gencloud_gpu/'].text
    assert 'waiting for cleanup' in gpu and 'allocated but idle' in gpu


def test_member_clicks_through_without_an_error_page(demo):
    member, landed = demo.login('member')
    assert path_of(landed) == LANDING and landed.status_code == 200
    assert_no_server_error(crawl(member, depth=1))


def test_mfa_users_get_their_step_then_the_landing_page(demo):
    _, first_login = demo.login('demo')
    assert is_enrollment(first_login)
    enrolled, code_page = demo.login('enrolled')
    assert is_code_page(code_page)
    secret = demo.info['logins']['enrolled']['totp_secret']
    assert secret in demo.text()  # the welcome text gives the key for a phone app
    landed = enrolled.post_form(path_of(code_page), {'passcode': codes(secret)[0]})
    assert path_of(landed) == LANDING and landed.status_code == 200


def test_ctrl_c_stops_every_server(demo):
    pids = demo.info['pids']
    assert demo.stop() == 0
    deadline = time.monotonic() + 10
    while any(procs.alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [name for name, pid in pids.items() if procs.alive(pid)]
