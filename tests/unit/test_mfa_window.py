"""Enrollment window decisions (gencloud_mfa.logic.enroll_window), without Keystone."""
from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import override_settings

from gencloud_mfa import conf
from gencloud_mfa.keystone import credentials, service_identity
from gencloud_mfa.logic import enroll_window

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.timezone.utc)


def stamp(hours_ago: float) -> str:
    return enroll_window.opening(NOW - datetime.timedelta(hours=hours_ago))[enroll_window.ATTRIBUTE]


def test_opening_is_a_user_attribute_in_utc():
    assert enroll_window.opening(NOW) == {'gencloud_mfa_enroll_opened_at': '2026-12-02T12:00:00Z'}
    assert enroll_window.parse('2026-12-02T12:00:00Z') == NOW


@pytest.mark.parametrize('recorded,hours,expected', [
    (stamp(1), None, True),           # window off: always open
    (None, None, True),
    (stamp(1), 24, True),
    (stamp(24), 24, True),            # the last moment still counts
    (stamp(25), 24, False),
    (stamp(0.6), 0.5, False),         # fractions of hours work
    (stamp(-1), 24, True),            # clock skew between admin and node
    (None, 24, False),                # no recorded time: closed (safe default)
    ('not a time', 24, False),
    (1234, 24, False),
])
def test_is_open(recorded, hours, expected):
    assert enroll_window.is_open(recorded, hours, NOW) is expected


@pytest.mark.parametrize('value,expected', [
    (None, None), (0, None), (-3, None), (72, 72.0), ('1.5', 1.5)])
def test_setting(value, expected):
    with override_settings(GENCLOUD_MFA_ENROLL_WINDOW_HOURS=value):
        assert conf.get().enroll_window_hours == expected


def test_window_off_asks_keystone_nothing():
    with mock.patch.object(service_identity, 'user_record') as read:
        assert credentials.enrollment_allowed('u1') is True
    read.assert_not_called()


@override_settings(GENCLOUD_MFA_ENROLL_WINDOW_HOURS=24)
def test_window_on_reads_the_user_record():
    with mock.patch.object(service_identity, 'user_record',
                           return_value={'id': 'u1', **enroll_window.opening()}) as read:
        assert credentials.enrollment_allowed('u1') is True
    read.assert_called_once_with('u1')
    with mock.patch.object(service_identity, 'user_record', return_value={'id': 'u1'}):
        assert credentials.enrollment_allowed('u1') is False
