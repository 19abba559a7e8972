"""`manage.py check` messages for settings that would break MFA logins."""
from __future__ import annotations

import os

from django.core import checks
from keystoneauth1 import exceptions as ks_exc

from gencloud_mfa import conf
from gencloud_mfa.keystone import KeystoneUnavailable, admin, totp_guard
from gencloud_mfa.logic import mfa_rules

SIGNED_COOKIES = 'django.contrib.sessions.backends.signed_cookies'
PROCESS_LOCAL_CACHES = ('django.core.cache.backends.locmem.LocMemCache',
                        'django.core.cache.backends.dummy.DummyCache')
OUR_PLUGIN = 'gencloud_mfa.plugin.PasswordPlugin'
TOTP_PLUGIN = 'openstack_auth.plugin.totp.TotpPlugin'


def check_settings(settings) -> list[checks.CheckMessage]:
    """All findings for a settings object (django.conf.settings in production)."""
    def get(name, default=None):
        return getattr(settings, name, default)

    found = []
    if get('SESSION_ENGINE') == SIGNED_COOKIES:
        found.append(checks.Error(
            'SESSION_ENGINE stores sessions in signed cookies: the pending TOTP secret '
            'and the Keystone receipt would be sent to the browser.',
            hint="Use 'django.contrib.sessions.backends.cache' with memcached.",
            id='gencloud_mfa.E001'))
    has_service_user = bool(get('GENCLOUD_MFA_SERVICE_USER'))
    has_app_cred = bool(get('MFA_KS_APP_CRED_ID') and get('MFA_KS_APP_CRED_SECRET'))
    if get('MFA_SELF_ENROLL_ENABLED', True) and not (has_service_user or has_app_cred):
        found.append(checks.Error(
            'MFA self-enrollment is on but no service identity is configured: '
            'unenrolled users cannot be enrolled and enrolled ones cannot be told apart.',
            hint='Set GENCLOUD_MFA_SERVICE_USER (see README, "Service identity"), '
                 'or MFA_SELF_ENROLL_ENABLED = False.',
            id='gencloud_mfa.E002'))
    if not get('OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED', False):
        found.append(checks.Error(
            'OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED is False: Horizon never asks for a '
            'TOTP code, so MFA users cannot log in.',
            hint='Set OPENSTACK_KEYSTONE_MFA_TOTP_ENABLED = True in local_settings.py.',
            id='gencloud_mfa.E003'))
    backend = (get('CACHES') or {}).get('default', {}).get('BACKEND', '')
    if backend in PROCESS_LOCAL_CACHES:
        found.append(checks.Warning(
            f'The default cache ({backend}) is private to one process: pending logins, '
            'failure counts and used codes are lost between Horizon workers and nodes.',
            hint='Use PyMemcacheCache (memcached) shared by every Horizon process.',
            id='gencloud_mfa.W004'))
    if (int(get('MFA_SELF_ENROLL_DIGITS', 6)), int(get('MFA_SELF_ENROLL_PERIOD', 30))) != (6, 30):
        found.append(checks.Error(
            'Keystone accepts only 6-digit codes for 30-second steps; other '
            'MFA_SELF_ENROLL_DIGITS / MFA_SELF_ENROLL_PERIOD values enroll apps whose '
            'codes Keystone rejects.',
            hint='Remove both settings or set them to 6 and 30.',
            id='gencloud_mfa.E005'))
    if has_app_cred and not has_service_user:
        found.append(checks.Warning(
            'The MFA service identity is an application credential. Keystone 2026.2 '
            '(keystone 30) and later refuse application-credential tokens on '
            '/v3/credentials, so enrollment fails there.',
            hint='Prefer GENCLOUD_MFA_SERVICE_USER with the mfa_enroller role.',
            id='gencloud_mfa.W006'))
    plugins = list(get('AUTHENTICATION_PLUGINS') or [])
    if OUR_PLUGIN not in plugins or TOTP_PLUGIN not in plugins:
        found.append(checks.Error(
            f'AUTHENTICATION_PLUGINS must contain {TOTP_PLUGIN} and {OUR_PLUGIN} '
            '(the gencloud settings snippet sets this up unless it is overridden later).',
            id='gencloud_mfa.E007'))
    if 'gencloud_mfa.urls' not in list(get('AUTHENTICATION_URLS') or []):
        found.append(checks.Error(
            "AUTHENTICATION_URLS must start with 'gencloud_mfa.urls', or openstack_auth's "
            'TOTP page (without enrollment or throttling) answers instead.',
            id='gencloud_mfa.E008'))
    hours = get('GENCLOUD_MFA_ENROLL_WINDOW_HOURS')
    try:
        float(hours or 0)
    except (TypeError, ValueError):
        found.append(checks.Error(
            f'GENCLOUD_MFA_ENROLL_WINDOW_HOURS = {hours!r} is not a number of hours: '
            'every MFA login would fail.',
            hint='Use a number such as 72, or None to switch the enrollment window off.',
            id='gencloud_mfa.E009'))
    found += _cookie_findings(get)
    default_rules = get('DEFAULT_MFA_RULES', conf.DEFAULT_RULES)
    if mfa_rules.totp_alone_signs_in(True, [list(rule) for rule in default_rules]):
        found.append(checks.Error(
            'DEFAULT_MFA_RULES lets a TOTP code alone sign in: Require MFA would turn '
            'the authenticator into a single factor.',
            hint="Every rule needs more than totp, e.g. [['password', 'totp'], "
                 "['application_credential']].",
            id='gencloud_mfa.E012'))
    return found


def _cookie_findings(get) -> list[checks.CheckMessage]:
    """Cookies a network attacker could read or plant (README "Cookies")."""
    if get('DEBUG', False):
        return []
    found = []
    for setting, cookie, check_id in (('SESSION_COOKIE_SECURE', 'session', 'W009'),
                                      ('CSRF_COOKIE_SECURE', 'CSRF', 'W010')):
        if not get(setting, False):
            found.append(checks.Warning(
                f'{setting} is False: the {cookie} cookie is also sent over plain HTTP, '
                'where it can be read or planted (session fixation).',
                hint=f'Serve Horizon over HTTPS only and set {setting} = True.',
                id=f'gencloud_mfa.{check_id}'))
    if not get('SESSION_COOKIE_HTTPONLY', True):
        found.append(checks.Warning(
            'SESSION_COOKIE_HTTPONLY is False: page scripts can read the session id.',
            hint='Remove the setting (Django and Horizon default to True).',
            id='gencloud_mfa.W011'))
    return found


def mfa_settings_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from django.conf import settings
    return check_settings(settings)


GUARD_HINT = ('Install gencloud-keystone-guard into Keystone and set [auth] totp = '
              'gencloud_guard in keystone.conf (README "Keystone TOTP guard").')


def guard_findings() -> list[checks.CheckMessage]:
    """One probe of Horizon's Keystone (keystone/totp_guard.py): is the TOTP guard on?"""
    try:
        if totp_guard.installed():
            return []
    except KeystoneUnavailable as exc:
        return [checks.Warning(
            f'Keystone could not be asked whether it refuses a TOTP code alone ({exc}).',
            hint=GUARD_HINT, id='gencloud_mfa.W017')]
    return [checks.Warning(
        'Keystone signs users in on a TOTP code alone when their MFA rules allow it '
        '(every user without rules): whoever can create a TOTP credential, the MFA '
        'service identity included, can then sign in as them without the password.',
        hint=GUARD_HINT, id='gencloud_mfa.W016')]


def keystone_guard_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    return guard_findings()


def keystone_users_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`, with the operator's OS_* admin credentials set."""
    from django.conf import settings
    if admin.missing_admin_env(os.environ):
        return [checks.Info(
            "Keystone users were not checked for single-factor TOTP: set OS_USERNAME, "
            "OS_PASSWORD and OS_PROJECT_NAME (admin) to include them.",
            id='gencloud_mfa.I014')]
    if not guard_findings():
        return []  # behind the guard no TOTP credential signs in by itself
    kc = admin.client_from_env(os.environ, settings.OPENSTACK_KEYSTONE_URL)
    try:
        flagged = admin.single_factor_totp_users(kc)
    except ks_exc.ClientException as exc:
        return [checks.Warning(f'Keystone users could not be checked for single-factor '
                               f'TOTP: {type(exc).__name__}', id='gencloud_mfa.W015')]
    return [checks.Warning(
        f'User "{row.name}" ({row.user_id}) holds a TOTP credential that signs in without '
        f'the password (MFA rules: {mfa_rules.format_rules(row.rules) or "none"}).',
        hint=f'Identity > Users > Require MFA, or: manage.py gencloud_mfa enable {row.name}',
        id='gencloud_mfa.W013') for row in flagged]
