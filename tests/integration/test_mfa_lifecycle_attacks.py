"""Attacks on the MFA lifecycle (issue 23.3), tried against the real stack.

Recovery codes, Settings > Authenticator, the enrollment window, secrets in
any response and the audit view, each as an attacker would try them, on both
Horizon processes where it matters. Attacks that other files already try are
not repeated here: another user's recovery code (test_mfa_recovery), one code
in parallel (test_mfa_recovery, on both processes), a planted session id
(test_mfa_attacks), every page's HTML of the sidebar crawl
(test_mfa_credentials).
"""
from __future__ import annotations

import ast
import concurrent.futures
import importlib.util
import itertools
import json
import re
import time
import uuid
from pathlib import Path

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient
from gencloud_mfa.keystone import admin as mfa_admin
from gencloud_mfa.logic import recovery_codes, totp
from tests.integration.test_mfa_enroll_window import CLOSED_MARK, opened_hours_ago
from tests.mfa_helpers import (
    LANDING,
    RECOVERY_CODES_PATH,
    audit_rows,
    blobs,
    codes,
    codes_left,
    enroll,
    is_code_page,
    is_enrollment,
    is_login_page,
    logout_reason,
    past_recovery_codes,
    path_of,
    shown_key,
    shown_recovery_codes,
    unused_code,
    wrong_code,
)

pytestmark = pytest.mark.integration

RECOVER = '/auth/mfa/recover/'
INDEX = '/settings/gencloud_authenticator/'
REPLACE = INDEX + 'replace/'
QR = REPLACE + 'qr.png'
ENROLL_QR = '/auth/mfa/enroll-qr.png'
WRONG_RECOVERY = '00000-00000'
MAX_FAILURES, USER_MAX_FAILURES = 5, 10  # the defaults the stack runs with
WINDOW_HOURS = 24
AJAX = {'X-Requested-With': 'XMLHttpRequest'}
# Addresses of this file's own (test_mfa_attacks uses 203.0.113.x, conftest 198.51.100.x).
_addresses = (f'192.0.2.{n}' for n in itertools.count(1))


def sign_in(url: str, user: dict, client_ip: str | None = None):
    """USER's password step on the Horizon at URL: (client, the page it lands on)."""
    client = HorizonClient(url, client_ip)
    return client, client.login(user['username'], user['password'])


def on_code_page(url: str, user: dict, client_ip: str | None = None):
    client, page = sign_in(url, user, client_ip)
    assert is_code_page(page), path_of(page)
    return client, page


def signed_in_with_code(url: str, user: dict, secret: str, used: set[str],
                        client_ip: str | None = None) -> HorizonClient:
    client, page = on_code_page(url, user, client_ip)
    done = client.post_form(path_of(page), {'passcode': unused_code(secret, used)})
    assert path_of(done) == LANDING
    return client


def step_up(client, code: str, action: str = 'replace'):
    return client.post_form(INDEX, {'passcode': code, 'action': action})


def refused_replace(answer) -> bool:
    """ReplaceView without this session's own step-up: back to the panel, nothing shown."""
    return (path_of(answer) == INDEX and 'id="gencloud-mfa-key"' not in answer.text
            and 'Confirm with a code from your current authenticator app first' in answer.text)


def require_mfa(keystone_admin, user_id: str) -> None:
    keystone_admin.users.update(user_id, options={'multi_factor_auth_enabled': True,
                                                  'multi_factor_auth_rules': seed.MFA_RULES})


@pytest.fixture
def password_only(new_user):
    """A user with an authenticator whose logins do not ask for it yet (MFA not required).

    Sessions cost no TOTP code, so one 30-second step's two codes are left for the
    attack; `require_mfa` then makes the code page the judge of which app works.
    """
    secret = seed.new_totp_secret()
    return new_user(mfa=False, totp_secret=secret), secret


# 1. is test_mfa_recovery.test_one_code_used_twice_in_parallel_works_once (both processes).

# 2. Codes that must not work any more.

def test_a_used_code_stays_used(stack, new_user, keystone_admin, client_ip):
    """The set survives (the new enrollment was cancelled; an admin put an app back):
    the code used up before is refused, the others still work."""
    user = new_user()
    _, recovery_codes, _ = enroll(HorizonClient(stack['horizon_urls'][0], client_ip), user)
    client, page = on_code_page(stack['horizon_urls'][0], user, client_ip)
    assert is_enrollment(client.post_form(RECOVER, {'code': recovery_codes[0]}))
    client.post_form(path_of(page), {'cancel': '1'})
    keystone_admin.credentials.create(user=user['id'], type='totp', blob=seed.new_totp_secret())
    assert codes_left(keystone_admin, user['id']) == 9

    again, _ = on_code_page(stack['horizon_urls'][1], user, client_ip)
    refused = again.post_form(RECOVER, {'code': recovery_codes[0]})
    assert refused.status_code == 400 and 'not valid or was already used' in refused.text
    assert codes_left(keystone_admin, user['id']) == 9
    assert is_enrollment(again.post_form(RECOVER, {'code': recovery_codes[1]}))


def test_codes_of_a_replaced_set_are_refused(stack, new_user, keystone_admin, client_ip):
    """Settings > Authenticator > Create new recovery codes: the enrollment's set is dead."""
    user = new_user()
    client = HorizonClient(stack['horizon_urls'][0], client_ip)
    secret, first_set, used = enroll(client, user)
    shown = step_up(client, unused_code(secret, used), action='new_codes')
    second_set = shown_recovery_codes(shown)
    assert len(second_set) == 10 and not set(first_set) & set(second_set)
    client.post_form(RECOVERY_CODES_PATH, {})

    login, _ = on_code_page(stack['horizon_urls'][1], user, client_ip)
    for code in (first_set[0], first_set[9]):
        refused = login.post_form(RECOVER, {'code': code})
        assert refused.status_code == 400 and 'not valid or was already used' in refused.text
    assert codes_left(keystone_admin, user['id']) == 10
    assert is_enrollment(login.post_form(RECOVER, {'code': second_set[0]}))


def test_codes_from_before_an_admin_reset_are_refused(stack, admin, new_user, keystone_admin,
                                                      client_ip):
    """Identity > Users > Reset Authenticator (gencloud_mfa.keystone.admin.reset_authenticator)."""
    user = new_user()
    _, old_codes, _ = enroll(HorizonClient(stack['horizon_urls'][0], client_ip), user)
    # A sign-in that reached the code page before the reset (it knows the user as enrolled).
    before, _ = on_code_page(stack['horizon_urls'][1], user, client_ip)
    admin.get('/identity/users/')
    admin.post_form('/identity/users/', {'action': f"users__reset_authenticator__{user['id']}"})
    assert blobs(keystone_admin, user['id'], recovery_codes.CREDENTIAL_TYPE) == []

    refused = before.post_form(RECOVER, {'code': old_codes[0]})
    assert refused.status_code == 400 and 'not valid or was already used' in refused.text
    # The next sign-in enrolls again (that is the reset) and gets a new set ...
    client = HorizonClient(stack['horizon_urls'][0], client_ip)
    new_secret, new_codes, _ = enroll(client, user)
    assert not set(new_codes) & set(old_codes)
    # ... and the old set stays dead.
    later, _ = on_code_page(stack['horizon_urls'][1], user, client_ip)
    refused = later.post_form(RECOVER, {'code': old_codes[1]})
    assert refused.status_code == 400
    assert blobs(keystone_admin, user['id']) == [new_secret]
    assert codes_left(keystone_admin, user['id']) == 10


# 3. One throttle for both kinds of code.

@pytest.mark.parametrize('last', ['totp', 'recovery'])
def test_wrong_totp_and_recovery_codes_share_the_limit(last, stack, new_user, keystone_admin,
                                                       client_ip):
    """One pending login, both processes: the 5th wrong code of either kind locks."""
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    keystone_admin.credentials.create(user=user['id'], type=recovery_codes.CREDENTIAL_TYPE,
                                      blob=recovery_codes.blob(recovery_codes.new_codes()))
    client, page = on_code_page(stack['horizon_urls'][0], user, client_ip)
    step = path_of(page)
    kinds = ['totp', 'recovery'] * 2 + [last]
    for n, kind in enumerate(kinds, 1):
        client.base = stack['horizon_urls'][n % 2]
        answer = (client.post_form(step, {'passcode': wrong_code(secret)}) if kind == 'totp'
                  else client.post_form(RECOVER, {'code': WRONG_RECOVERY}))
        if n < MAX_FAILURES:
            assert answer.status_code == 400, (n, kind, answer.status_code)
    assert is_login_page(answer) and 'Too many' in logout_reason(client)

    # Locked for the right code too, on either process; nothing was used up.
    for url in stack['horizon_urls']:
        again, page = sign_in(url, user, client_ip)
        assert is_login_page(page) and 'Too many' in logout_reason(again)
    assert codes_left(keystone_admin, user['id']) == 10


def test_the_per_user_limit_counts_both_kinds_from_any_address(stack, new_user,
                                                                keystone_admin):
    """4 wrong TOTP codes from one address, 4 wrong recovery codes from another, one of
    each from a third: the 10th wrong code locks the user everywhere."""
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    keystone_admin.credentials.create(user=user['id'], type=recovery_codes.CREDENTIAL_TYPE,
                                      blob=recovery_codes.blob(recovery_codes.new_codes()))
    plan = [['totp'] * 4, ['recovery'] * 4, ['totp', 'recovery']]
    failures = 0
    for n, kinds in enumerate(plan):
        client, page = on_code_page(stack['horizon_urls'][n % 2], user, next(_addresses))
        for kind in kinds:
            answer = (client.post_form(path_of(page), {'passcode': wrong_code(secret)})
                      if kind == 'totp' else client.post_form(RECOVER, {'code': WRONG_RECOVERY}))
            failures += 1
            if failures < USER_MAX_FAILURES:
                assert answer.status_code == 400, (failures, kind)
    assert failures == USER_MAX_FAILURES
    assert is_login_page(answer) and 'Too many' in logout_reason(client)
    fresh, page = sign_in(stack['horizon_urls'][1], user, next(_addresses))
    assert is_login_page(page) and 'Too many' in logout_reason(fresh)


# 4. Settings > Authenticator replace without this session's own fresh step-up.

def test_stolen_session_cookie_cannot_replace_the_authenticator(stack, new_user,
                                                                keystone_admin, client_ip):
    """(a) a logged-in session that never passed the step-up, copied into another
    browser on both processes, posts every replace step; (b) the last step directly."""
    secret = seed.new_totp_secret()
    user = new_user(totp_secret=secret)
    used: set[str] = set()
    victim = signed_in_with_code(stack['horizon_urls'][0], user, secret, used, client_ip)
    planted = seed.new_totp_secret()
    for url in stack['horizon_urls']:
        thief = HorizonClient(url, next(_addresses))
        thief.http.cookies.update(victim.http.cookies)
        assert thief.get(INDEX).status_code == 200  # the cookie is a working session
        # No Keystone token to add a TOTP credential with, straight in Keystone.
        session = thief.get('/api/keystone/user-session/', headers=AJAX).json()
        assert session['username'] == user['username'] and 'token' not in session
        assert refused_replace(thief.get(REPLACE))
        assert thief.get(QR).status_code == 403
        for data in ({'passcode': totp.code_at(planted, time.time())},
                     {'passcode': codes(secret)[0]}, {'passcode': '000000', 'secret': planted}):
            assert refused_replace(thief.post_form(REPLACE, data))
        replayed = step_up(thief, sorted(used)[0])  # the victim's login code
        assert replayed.status_code == 400
        assert 'already used' in replayed.text or 'not valid' in replayed.text  # 60 s later
        wrong = step_up(thief, wrong_code(secret))
        assert wrong.status_code == 400 and 'not valid' in wrong.text
        assert refused_replace(thief.get(REPLACE))
    assert blobs(keystone_admin, user['id']) == [secret]
    # The old authenticator still signs in.
    signed_in_with_code(stack['horizon_urls'][1], user, secret, used, client_ip)


def test_another_sessions_stash_is_refused(stack, new_user, keystone_admin, password_only,
                                           client_ip):
    """(c) Session A passed the step-up; its new key does nothing in session B, whether B
    is the same user's other session or another user's."""
    user, secret = password_only
    used: set[str] = set()
    session_a, _ = sign_in(stack['horizon_urls'][0], user, client_ip)
    moved = step_up(session_a, unused_code(secret, used))
    assert path_of(moved) == REPLACE
    stashed = shown_key(moved)
    stashed_code = totp.code_at(stashed, time.time())

    other_user = new_user(mfa=False, totp_secret=seed.new_totp_secret())
    for who in (user, other_user):
        session_b, _ = sign_in(stack['horizon_urls'][1], who, next(_addresses))
        assert session_b.get(QR).status_code == 403
        assert refused_replace(session_b.get(REPLACE))
        assert refused_replace(session_b.post_form(REPLACE, {'passcode': stashed_code}))
    assert blobs(keystone_admin, user['id']) == [secret]
    assert blobs(keystone_admin, other_user['id']) == [other_user['totp_secret']]
    assert session_a.get(QR).status_code == 200  # A's own replacement is untouched ...
    assert path_of(session_a.post_form(REPLACE, {'cancel': '1'})) == INDEX  # ... till cancelled

    require_mfa(keystone_admin, user['id'])
    signed_in_with_code(stack['horizon_urls'][1], user, secret, used, client_ip)


# 5. After a replace the old app is dead at login.

def test_old_authenticator_stops_working_after_a_replace(stack, keystone_admin,
                                                          password_only, client_ip):
    user, old_secret = password_only
    old_used: set[str] = set()
    client, _ = sign_in(stack['horizon_urls'][0], user, client_ip)
    new_secret = shown_key(step_up(client, unused_code(old_secret, old_used)))
    new_used: set[str] = set()
    done = client.post_form(REPLACE, {'passcode': unused_code(new_secret, new_used)})
    assert 'new authenticator app is registered' in done.text
    assert blobs(keystone_admin, user['id']) == [new_secret]

    require_mfa(keystone_admin, user['id'])
    old_code = unused_code(old_secret, old_used)  # Keystone refuses it, so it stays unused
    for url in stack['horizon_urls']:
        login, page = on_code_page(url, user, client_ip)
        refused = login.post_form(path_of(page), {'passcode': old_code})
        assert refused.status_code == 400 and 'not valid' in refused.text
    done = login.post_form(path_of(page), {'passcode': unused_code(new_secret, new_used)})
    assert path_of(done) == LANDING


# 6. The enrollment window cannot be posted around.

@pytest.fixture(scope='module')
def window_node(live_stack):
    url = live_stack.start_horizon_node('horizon-window-attacks',
                                        {'GENCLOUD_MFA_ENROLL_WINDOW_HOURS': WINDOW_HOURS})
    yield url
    live_stack.stop('horizon-window-attacks')


def password_step_only(url: str, user: dict, client_ip: str) -> tuple[HorizonClient, str]:
    """The password step without following its redirect: the receipt is in the session,
    the step page was never asked for (so nothing refused or dropped it yet)."""
    client = HorizonClient(url, client_ip)
    client.get('/auth/login/')
    answer = client.post_form('/auth/login/', {
        'username': user['username'], 'password': user['password'],
        'region': 'default', 'domain': 'Default'}, allow_redirects=False)
    assert answer.status_code == 302, answer.status_code
    return client, answer.headers['Location']


def test_crafted_posts_do_not_enroll_past_the_window(window_node, stack, new_user,
                                                     keystone_admin, client_ip):
    user = new_user()  # no opening time recorded: closed
    made_up = seed.new_totp_secret()
    client, step = password_step_only(window_node, user, client_ip)
    assert client.get(ENROLL_QR).status_code == 403
    posted = client.post_form(step, {'passcode': totp.code_at(made_up, time.time())})
    assert posted.status_code == 403 and CLOSED_MARK in posted.text
    assert is_login_page(client.post_form(step, {'passcode': '123456'}))  # the login is gone

    client, step = password_step_only(window_node, user, client_ip)
    recovered = client.post_form(RECOVER, {'code': WRONG_RECOVERY})
    assert recovered.status_code == 403 and CLOSED_MARK in recovered.text

    # A QR shown while the window was open, its code posted once it has closed.
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS - 1)
    client, page = sign_in(window_node, user, client_ip)
    assert is_enrollment(page)
    shown = shown_key(page)
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS + 1)
    late = client.post_form(path_of(page), {'passcode': codes(shown)[0]})
    assert late.status_code == 403 and CLOSED_MARK in late.text

    # A QR from a node without the window, its code posted to the node with it.
    elsewhere, page = sign_in(stack['horizon_urls'][0], user, client_ip)
    assert is_enrollment(page)
    elsewhere.base = window_node
    crossed = elsewhere.post_form(path_of(page), {'passcode': codes(shown_key(page))[0]})
    assert crossed.status_code == 403 and CLOSED_MARK in crossed.text

    assert keystone_admin.credentials.list(user_id=user['id']) == []


def test_a_recovery_code_enrolls_the_new_app_after_the_window(window_node, stack, new_user,
                                                              keystone_admin, client_ip):
    """An enrolled user whose window closed long ago lost the phone: the recovery code
    (a second factor) lets this login enroll, a later password-only login does not."""
    user = new_user()
    _, recovery_codes, _ = enroll(HorizonClient(stack['horizon_urls'][0], client_ip), user)
    opened_hours_ago(keystone_admin, user['id'], WINDOW_HOURS * 3)
    client, page = on_code_page(window_node, user, client_ip)
    answer = client.post_form(RECOVER, {'code': recovery_codes[0]})
    assert is_enrollment(answer), answer.status_code
    new_secret = shown_key(answer)
    shown = client.post_form(path_of(answer), {'passcode': codes(new_secret)[0]})
    assert path_of(past_recovery_codes(client, shown)) == LANDING
    assert blobs(keystone_admin, user['id']) == [new_secret]

    # The used code opened nothing for later: without it the window rules again.
    client, page = on_code_page(window_node, user, client_ip)
    assert is_enrollment(client.post_form(RECOVER, {'code': shown_recovery_codes(shown)[0]}))
    client.post_form(path_of(page), {'cancel': '1'})
    refused = sign_in(window_node, user, client_ip)[1]
    assert refused.status_code == 403 and CLOSED_MARK in refused.text
    assert blobs(keystone_admin, user['id']) == []


# 7. No TOTP secret and no recovery-code hash in any response.

def mfa_blob_parts(keystone_admin) -> list[str]:
    """Every TOTP secret and every recovery set's salt and hashes Keystone holds."""
    parts = [c.blob for c in keystone_admin.credentials.list(type='totp')]
    for cred in keystone_admin.credentials.list(type=recovery_codes.CREDENTIAL_TYPE):
        found = recovery_codes.parse({'id': cred.id, 'blob': cred.blob})
        if found:
            parts += [found.salt, *found.digests]
    return parts


def leaks(text: str, parts: list[str]) -> list[str]:
    flat = re.sub(r'\s|&nbsp;|&#32;', '', text).upper()
    return [part for part in parts if part.upper().rstrip('=') in flat]


def api_routes() -> list[str]:
    """The url_regex of every view in Horizon's REST API (openstack_dashboard/api/rest)."""
    found = []
    package = importlib.util.find_spec('openstack_dashboard').submodule_search_locations[0]
    for path in sorted((Path(package) / 'api' / 'rest').glob('*.py')):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign) and any(
                    getattr(target, 'id', None) == 'url_regex' for target in node.targets):
                # Constant strings, some joined with '+'.
                found.append(eval(compile(ast.Expression(node.value), str(path), 'eval'), {}))  # noqa: S307
    return found


def api_paths(routes: list[str], values: dict[str, str]) -> list[str]:
    """/api/ paths for ROUTES, their groups filled from VALUES ('x' when not known)."""
    paths = []
    for route in routes:
        fillings = [values] + ([{**values, 'id': 'current'}] if 'users/(?P<id>' in route else [])
        for filling in fillings:
            paths.append('/api/' + re.sub(r'\(\?P<(\w+)>[^)]*\)',
                                          lambda m, f=filling: f.get(m.group(1), 'x'),
                                          route.rstrip('$')))
    return paths


def table_updates(path: str, html: str, wanted: set[str]) -> list[str]:
    """row_update requests for the tables on the page at PATH: the rows of WANTED ids
    and the first row of each table (a row of every table, without one per user)."""
    found = []
    for table_id, body in re.findall(r'<table[^>]*\bid="([^"]+)"(.*?)</table>', html, re.S):
        ids = re.findall(r'data-object-id="([^"]+)"', body)
        found += [f'{path}?action=row_update&table={table_id}&obj_id={obj_id}'
                  for obj_id in dict.fromkeys(ids[:1] + [i for i in ids if i in wanted])]
    return found


@pytest.fixture(scope='module')
def victim(stack, keystone_admin):
    """An enrolled user with a recovery-code set, signed in (a plain member of 'demo')."""
    project = keystone_admin.projects.list(name='demo')[0]
    name = f'victim-{uuid.uuid4().hex[:8]}'
    user = seed.create_user(keystone_admin, name, 'pw-' + name, project, mfa=True)
    info = {'id': user.id, 'username': name, 'password': 'pw-' + name}
    client = HorizonClient(stack['horizon_urls'][1], '192.0.2.250')
    enroll(client, info)
    return {**info, 'client': client}


@pytest.mark.parametrize('who', ['admin', 'member'])
def test_no_secret_in_row_updates_json_variants_or_the_api(who, stack, admin, victim,
                                                           keystone_admin):
    """The member is the victim, whose own secret is there (and every other user's)."""
    client = admin if who == 'admin' else victim['client']
    mfa_ids = [c.id for c in keystone_admin.credentials.list(user_id=victim['id'])
               if c.type in mfa_admin.RESET_TYPES]
    assert len(mfa_ids) == 2
    detail = f"/identity/users/{victim['id']}/detail/"
    pages = ['/identity/users/', '/identity/credentials/', '/settings/credentials/',
             f'{detail}?tab=user_details__credentials', f'{detail}?tab=user_details__mfa_audit',
             INDEX, '/settings/']
    answers, jobs = {}, []  # (path, ajax?)
    for page in pages:
        response = answers[page, False] = client.get(page)
        jobs += [(page, True)] + [(page + ('&' if '?' in page else '?') + f'format={kind}', False)
                                  for kind in ('json', 'csv')]
        jobs += [(path, True) for path in table_updates(path_of(response), response.text,
                                                        {victim['id'], *mfa_ids})]
    for cred_id in mfa_ids:  # also where that user is shown no such row
        jobs += [(f'{base}?action=row_update&table=credentialstable&obj_id={cred_id}', True)
                 for base in ('/identity/credentials/', '/settings/credentials/', detail)]
        jobs.append((f'/identity/credentials/{cred_id}/detail/?format=json', False))
    jobs.append((f"/identity/users/?action=row_update&table=users&obj_id={victim['id']}", True))
    project_id = keystone_admin.projects.list(name='demo')[0].id
    # Horizon's REST API answers AJAX requests only.
    jobs += [(path, True) for path in api_paths(api_routes(), {
        'id': victim['id'], 'user_id': victim['id'], 'project_id': project_id})]
    assert ('/api/keystone/user-session/', True) in jobs

    def fetch(job):
        n, (path, ajax) = job
        base = stack['horizon_urls'][n % 2]  # a session works on either process
        return (path, ajax), client.http.get(base + path, headers=AJAX if ajax else {},
                                             timeout=60)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        answers.update(pool.map(fetch, enumerate(dict.fromkeys(jobs))))
    parts = mfa_blob_parts(keystone_admin)
    assert len(parts) >= 2 + recovery_codes.CODE_COUNT
    assert {job: leaks(r.text, parts) for job, r in answers.items() if leaks(r.text, parts)} == {}
    ours = {job: r.status_code for job, r in answers.items()
            if not job[0].startswith('/api/') and r.status_code >= 500}
    assert ours == {}
    if who == 'admin':  # the requests were really answered, as that user
        listed = answers['/identity/credentials/', False].text
        assert victim['username'] in listed and f'data-object-id="{mfa_ids[0]}"' in listed


# 8. The audit view: admins only, and names shown as text.

@pytest.mark.parametrize('who', ['member', 'enrolled member'])
def test_audit_view_refuses_non_admins(who, stack, victim, keystone_admin):
    if who == 'member':
        client = HorizonClient(stack['horizon_urls'][1])
        client.login(stack['logins']['member']['username'],
                     stack['logins']['member']['password'])
        own_id = keystone_admin.users.list(name='member')[0].id
    else:
        client, own_id = victim['client'], victim['id']
    for user_id in {victim['id'], own_id}:
        tab = f'/identity/users/{user_id}/detail/?tab=user_details__mfa_audit'
        page = client.get(tab)
        if user_id == own_id:  # one's own detail page: without the tab (Horizon's policy)
            assert page.status_code == 200 and 'user_details__mfa_audit' not in page.text
        else:
            assert page.status_code == 403, (user_id, page.status_code)
        for answer in (page, client.get(tab, headers=AJAX),
                       client.get(tab + '&action=row_update&table=mfa_audit&obj_id=1',
                                  headers=AJAX)):
            assert answer.status_code in (200, 401, 403)
            assert 'id="mfa_audit"' not in answer.text
            assert 'Authenticator registered' not in answer.text


def test_audit_tab_shows_html_in_names_and_addresses_as_text(stack, admin, new_user,
                                                            keystone_admin):
    name = f'<img src=x onerror=alert(1)>"\'&-{uuid.uuid4().hex[:6]}'
    address = '<script>alert(2)</script>'
    user = new_user(name=name)
    client = HorizonClient(stack['horizon_urls'][1], address)
    secret, _, used = enroll(client, user)
    new_secret = shown_key(step_up(client, unused_code(secret, used)))
    client.post_form(REPLACE, {'passcode': unused_code(new_secret, set())})

    page = admin.get(f"/identity/users/{user['id']}/detail/?tab=user_details__mfa_audit")
    assert page.status_code == 200
    assert '<img src=x' not in page.text and '<script>alert(2)' not in page.text
    rows = audit_rows(admin, user['id'])
    assert [row[1] for row in rows] == ['Authenticator replaced', 'Authenticator registered']
    assert rows[0][2] == '&lt;script&gt;alert(2)&lt;/script&gt;'
    assert rows[0][4].startswith('&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;')
    tab = admin.get(f"/identity/users/{user['id']}/detail/?tab=user_details__mfa_audit",
                    headers=AJAX)
    assert 'id="mfa_audit"' in tab.text and '<img src=x' not in tab.text
    assert '<script>alert(2)' not in tab.text
    logged = [json.loads(line) for line in
              (Path(stack['logs']) / 'mfa-audit.log').read_text().splitlines()
              if user['id'] in line]
    assert {e['client'] for e in logged} == {address}  # the log keeps the raw text
