"""`manage.py check` findings for MFA settings (pure: a settings object in, ids out)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from gencloud_mfa.checks import OUR_PLUGIN, TOTP_PLUGIN, check_settings

GOOD = dict(
    SESSION_ENGINE='django.contrib.sessions.backends.cache',
    CACHES={'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache'}},
    OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED=True,
    GENCLOUD_MFA_SERVICE_USER={'username': 'horizon-mfa'},
    AUTHENTICATION_PLUGINS=[TOTP_PLUGIN, OUR_PLUGIN],
    AUTHENTICATION_URLS=['gencloud_mfa.urls', 'openstack_auth.urls'],
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)


def ids(**overrides):
    return sorted(m.id for m in check_settings(SimpleNamespace(**{**GOOD, **overrides})))


def test_good_settings_pass():
    assert ids() == []


@pytest.mark.parametrize('overrides,expected', [
    ({'SESSION_ENGINE': 'django.contrib.sessions.backends.signed_cookies'},
     ['gencloud_mfa.E001']),
    ({'GENCLOUD_MFA_SERVICE_USER': None}, ['gencloud_mfa.E002']),
    ({'GENCLOUD_MFA_SERVICE_USER': None, 'MFA_SELF_ENROLL_ENABLED': False}, []),
    ({'OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED': False}, ['gencloud_mfa.E003']),
    ({'CACHES': {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}},
     ['gencloud_mfa.W004']),
    ({'MFA_SELF_ENROLL_DIGITS': 8}, ['gencloud_mfa.E005']),
    ({'MFA_SELF_ENROLL_PERIOD': 60}, ['gencloud_mfa.E005']),
    ({'GENCLOUD_MFA_SERVICE_USER': None, 'MFA_KS_APP_CRED_ID': 'id',
      'MFA_KS_APP_CRED_SECRET': 's'}, ['gencloud_mfa.W006']),
    ({'AUTHENTICATION_PLUGINS': ['openstack_auth.plugin.password.PasswordPlugin']},
     ['gencloud_mfa.E007']),
    ({'AUTHENTICATION_URLS': ['openstack_auth.urls']}, ['gencloud_mfa.E008']),
    ({'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': 'three days'}, ['gencloud_mfa.E009']),
    ({'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': [72]}, ['gencloud_mfa.E009']),
    ({'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': 72}, []),
    ({'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': None}, []),
    ({'SESSION_COOKIE_SECURE': False}, ['gencloud_mfa.W009']),
    ({'CSRF_COOKIE_SECURE': False}, ['gencloud_mfa.W010']),
    ({'SESSION_COOKIE_SECURE': False, 'CSRF_COOKIE_SECURE': False, 'DEBUG': True}, []),
    ({'SESSION_COOKIE_HTTPONLY': False}, ['gencloud_mfa.W011']),
    ({'DEFAULT_MFA_RULES': [['password', 'totp'], ['totp']]}, ['gencloud_mfa.E012']),
    ({'DEFAULT_MFA_RULES': [('password', 'totp')]}, []),
])
def test_each_problem_has_its_id(overrides, expected):
    assert ids(**overrides) == expected


def test_keystone_users_check_needs_admin_credentials(monkeypatch):
    from gencloud_mfa import checks
    for name in ('OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME'):
        monkeypatch.delenv(name, raising=False)
    assert [m.id for m in checks.keystone_users_check(None)] == ['gencloud_mfa.I014']
