"""Enrollment window (GENCLOUD_MFA_ENROLL_WINDOW_HOURS) against the real stack.

The window is a per-node setting, so these tests start one more Horizon node
with the window on, sharing the session stack's Keystone and memcached (as a
reconfigured node of a real deployment would). The opening time lives in
Keystone: the admin's actions on any node write it, this node reads it.
"""
from __future__ import annotations

import datetime

import pytest

from devstack.horizon_client import HorizonClient
from gencloud_mfa.logic import enroll_window
from tests.mfa_helpers import audit_rows, is_code_page, is_enrollment

pytestmark = pytest.mark.integration

WINDOW_HOURS = 24
CLOSED_MARK = 'id="gencloud-mfa-window-closed"'


@pytest.fixture(scope='module')
def window_node(live_stack):
    url = live_stack.start_horizon_node('horizon-window',
                                        {'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': WINDOW_HOURS})
    yield url
    live_stack.stop('horizon-window')


@pytest.fixture(scope='module')
def window_admin(window_node, stack):
    """The admin, signed in on the node with the window on."""
    client = HorizonClient(window_node)
    login = stack['logins']['admin']
    client.login(login['username'], login['password'])
    return client


def opened_hours_ago(keystone_admin, user_id: str, hours: float) -> None:
    when = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=hours)
    keystone_admin.users.update(user_id, **enroll_window.opening(when))


def sign_in(url: str, user: dict, client_ip: str, **headers):
    client = HorizonClient(url, client_ip)
    client.http.headers.update(headers)
    return client.login(user['username'], user['password'])


def test_no_recorded_time_is_closed(window_node, new_user, client_ip):
    page = sign_in(window_node, new_user(), client_ip)
    assert page.status_code == 403 and CLOSED_MARK in page.text
    assert 'Contact your administrator' in page.text and not is_enrollment(page)


def test_closed_page_in_korean(window_node, new_user, client_ip):
    page = sign_in(window_node, new_user(), client_ip, **{'Accept-Language': 'ko'})
    assert CLOSED_MARK in page.text
    assert '인증 앱 설정 기간이 지났습니다' in page.text and '관리자에게 연락하여' in page.text


def test_reset_reopens_a_passed_window(window_node, window_admin, new_user, keystone_admin,
                                       client_ip):
    user = new_user()
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS + 1)
    assert sign_in(window_node, user, client_ip).status_code == 403
    # Not enrolled, so only a window-on node offers Reset Authenticator for this user.
    window_admin.get('/identity/users/')
    window_admin.post_form('/identity/users/',
                           {'action': f"users__reset_authenticator__{user['id']}"})
    recorded = enroll_window.parse(getattr(keystone_admin.users.get(user['id']), enroll_window.ATTRIBUTE))
    assert datetime.datetime.now(datetime.timezone.utc) - recorded < datetime.timedelta(hours=1)
    assert is_enrollment(sign_in(window_node, user, client_ip))
    events = [row[1] for row in audit_rows(window_admin, user['id'])]
    assert events[:2] == ['Authenticator reset by an administrator',
                          'Enrollment refused: the enrollment window has closed']


def test_require_mfa_opens_the_window(window_node, admin, new_user, keystone_admin,
                                      client_ip):
    user = new_user(mfa=False)
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS * 3)  # a stale earlier window
    # Require MFA on the other node (window off there): Keystone carries the time over.
    admin.get('/identity/users/')
    admin.post_form('/identity/users/', {'action': f"users__require_mfa__{user['id']}"})
    assert is_enrollment(sign_in(window_node, user, client_ip))


def test_an_enrolled_user_is_not_affected(window_node, stack, client_ip):
    page = sign_in(window_node, stack['logins']['enrolled'], client_ip)
    assert is_code_page(page)


def test_the_window_has_an_end(window_node, new_user, keystone_admin, client_ip):
    user = new_user()
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS - 1)
    assert is_enrollment(sign_in(window_node, user, client_ip))
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS + 0.1)
    assert sign_in(window_node, user, client_ip).status_code == 403
