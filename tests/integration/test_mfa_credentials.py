"""Identity > User Credentials, Settings > Credentials and the user detail page never show a
TOTP secret; extra TOTP credentials are flagged and Reset Authenticator removes them all."""
from __future__ import annotations

import re
import uuid

import pytest

from devstack import seed
from devstack.horizon_client import HorizonClient, form_defaults
from gencloud_mfa.logic import recovery_codes
from tests.mfa_helpers import LANDING, codes, past_recovery_codes, path_of, shown_key
from tests.sidebar_crawl import assert_no_server_error, crawl

pytestmark = pytest.mark.integration

NEVER_SHOWN = 'never shown after enrollment'


def leaked(text: str, secrets: list[str]) -> list[str]:
    """The SECRETS that appear in TEXT in any case, with or without grouping spaces."""
    flat = re.sub(r'\s|&nbsp;|&#32;', '', text).upper()
    return [secret for secret in secrets if secret.upper().rstrip('=') in flat]


def all_totp_secrets(keystone_admin) -> list[str]:
    return [cred.blob for cred in keystone_admin.credentials.list(type='totp')]


def all_recovery_hashes(keystone_admin) -> list[str]:
    """Salt and hashes of every recovery-code set (never shown either)."""
    sets = recovery_codes.stored([{'id': c.id, 'blob': c.blob} for c in
                            keystone_admin.credentials.list(type=recovery_codes.CREDENTIAL_TYPE)])
    return [part for found in sets for part in (found.salt, *found.digests)]


def totp_ids(keystone_admin, user_id: str) -> list[str]:
    return [cred.id for cred in keystone_admin.credentials.list(user_id=user_id, type='totp')]


def enroll(stack, user: dict, client_ip: str) -> tuple[HorizonClient, str]:
    """USER enrolls at the first login like a person would; returns their session and secret."""
    client = HorizonClient(stack['horizon_url'], client_ip)
    page = client.login(user['username'], user['password'])
    secret = shown_key(page)
    done = client.post_form(path_of(page), {'passcode': codes(secret)[0]})
    assert path_of(past_recovery_codes(client, done)) == LANDING
    return client, secret


def row_of(html: str, text: str) -> str:
    """The table row that contains TEXT."""
    for row in re.findall(r'<tr\b.*?</tr>', html, re.S):
        if text in row:
            return row
    raise AssertionError(f'no row with {text!r}')


def messages(html: str) -> str:
    return ' '.join(re.sub(r'\s+', ' ', m) for m in re.findall(
        r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


@pytest.fixture(scope='module')
def enrolled(stack, keystone_admin):
    """A user who enrolled through Horizon and is logged in with a code, plus a cert credential
    whose data looks like a grouped, lower-case secret (it must show: it proves the check)."""
    project = keystone_admin.projects.list(name='demo')[0]
    name = f'cred-{uuid.uuid4().hex[:8]}'
    user = seed.create_user(keystone_admin, name, 'pw-' + name, project, mfa=True)
    info = {'id': user.id, 'username': name, 'password': 'pw-' + name}
    client, secret = enroll(stack, info, '198.51.100.250')
    decoy = seed.new_totp_secret()
    keystone_admin.credentials.create(user=user.id, type='cert', blob=' '.join(
        decoy.lower()[i:i + 4] for i in range(0, len(decoy), 4)))
    return {**info, 'client': client, 'secret': secret, 'decoy': decoy}


@pytest.mark.parametrize('who', ['admin', 'enrolled user'])
def test_no_reachable_page_shows_a_totp_secret(who, admin, enrolled, keystone_admin):
    client = admin if who == 'admin' else enrolled['client']
    pages = crawl(client, depth=1)
    assert_no_server_error(pages)  # issue 12's crawl, the same pages
    secrets = all_totp_secrets(keystone_admin) + all_recovery_hashes(keystone_admin)
    assert enrolled['secret'] in secrets and len(secrets) > 1 + recovery_codes.CODE_COUNT
    assert {path: leaked(r.text, secrets) for path, r in pages.items()
            if leaked(r.text, secrets)} == {}
    assert all(r.url.startswith(client.base) and '/auth/login/' not in r.url
               for r in pages.values())  # still logged in: the pages were really seen
    credentials = '/identity/credentials/' if who == 'admin' else '/settings/credentials/'
    # The user's own token no longer lists MFA rows (keystone-policy.yaml); an admin's does.
    assert credentials in pages and ('Registered' in pages[credentials].text) == (who == 'admin')
    assert leaked(pages[credentials].text, [enrolled['decoy']]) == [enrolled['decoy']]
    if who == 'admin':  # Horizon offers a member no Create (policy), upstream as here
        assert {'/admin/', '/identity/', '/admin/gencloud_gpu/', '/project/'} <= set(pages)
        assert credentials + 'create/' in pages
        assert any(re.search(r'/identity/users/\w+/detail/\?tab=user_details__credentials', p)
                   for p in pages)


def test_totp_credential_pages_go_back_with_a_message(admin, enrolled, keystone_admin):
    [cred_id] = totp_ids(keystone_admin, enrolled['id'])
    for path in (f'/identity/credentials/{cred_id}/detail/',
                 f'/identity/credentials/{cred_id}/update/'):
        page = admin.get(path)
        assert path_of(page) == '/identity/credentials/' and NEVER_SHOWN in messages(page.text)
    posted = admin.post_form(f'/identity/credentials/{cred_id}/update/',
                             {'id': cred_id, 'data': seed.new_totp_secret()})
    assert path_of(posted) == '/identity/credentials/'
    assert keystone_admin.credentials.get(cred_id).blob == enrolled['secret']

    # Upstream reads a credential to edit with admin=True: a member gets 403 there.
    own = enrolled['client']
    page = own.get(f'/settings/credentials/{cred_id}/update/')
    assert enrolled['secret'] not in page.text
    assert page.status_code == 403 or NEVER_SHOWN in messages(page.text)
    own.post_form(f'/settings/credentials/{cred_id}/update/',
                  {'id': cred_id, 'data': seed.new_totp_secret()})
    assert keystone_admin.credentials.get(cred_id).blob == enrolled['secret']


def test_totp_row_shows_registered_and_creation_time(admin, enrolled, keystone_admin):
    [cred] = keystone_admin.credentials.list(user_id=enrolled['id'], type='totp')
    assert cred.created_at  # enrollment records it; Keystone keeps none
    page = admin.get('/identity/credentials/')
    row = row_of(page.text, f'data-object-id="{cred.id}"')
    assert 'Registered' in row and 'totp' in row and enrolled['username'] in row
    assert cred.created_at[:4] in row  # the year, in Horizon's date format
    assert f'/identity/credentials/{cred.id}/' not in row  # no detail or edit link
    assert 'reset_authenticator' in row and '__delete__' not in row


# Upstream's create and edit forms list all users and projects, which only an admin
# may do (a member gets 403 there, upstream as here): Settings is driven as admin.
@pytest.mark.parametrize('base', ['/identity/credentials/', '/settings/credentials/'])
def test_creating_totp_is_not_offered_and_refused(base, admin, keystone_admin):
    admin_id = keystone_admin.users.list(name='admin')[0].id
    form = admin.get(base + 'create/')
    assert form.status_code == 200 and 'Authenticators (TOTP) are not created here' in form.text
    types = re.search(r'<select[^>]*name="cred_type".*?</select>', form.text, re.S).group(0)
    assert 'value="totp"' not in types and 'value="cert"' in types
    data = {**form_defaults(form.text, 'create_credential_form'),
            'user_name': admin_id, 'cred_type': 'totp', 'data': 'auto'}
    refused = admin.post_form(base + 'create/', data)
    assert refused.status_code == 200 and 'Select a valid choice' in refused.text
    assert totp_ids(keystone_admin, admin_id) == []


@pytest.mark.smoke
@pytest.mark.parametrize('base', ['/identity/credentials/', '/settings/credentials/'])
def test_editing_a_credential_into_totp_is_not_offered_and_refused(base, admin, keystone_admin):
    """Horizon 25/26 let the edit form change the type (27 shows it disabled)."""
    admin_id = keystone_admin.users.list(name='admin')[0].id
    cred = keystone_admin.credentials.create(user=admin_id, type='cert',
                                             blob=f'cert-{uuid.uuid4().hex}')
    edit = admin.get(f'{base}{cred.id}/update/')
    types = re.search(r'<select[^>]*name="cred_type".*?</select>', edit.text, re.S).group(0)
    assert 'value="totp"' not in types and 'value="cert"' in types
    data = {**form_defaults(edit.text, 'update_credential_form'), 'cred_type': 'totp',
            'data': seed.new_totp_secret()}
    answer = admin.post_form(f'{base}{cred.id}/update/', data)
    assert answer.status_code < 500
    assert keystone_admin.credentials.get(cred.id).type == 'cert'
    assert totp_ids(keystone_admin, admin_id) == []
    keystone_admin.credentials.delete(cred.id)


@pytest.mark.smoke
@pytest.mark.parametrize('base', ['/identity/credentials/', '/settings/credentials/'])
def test_other_types_work_as_upstream(base, admin, keystone_admin):
    """Create, see, edit and delete a cert credential."""
    admin_id = keystone_admin.users.list(name='admin')[0].id
    blob = f'cert-{uuid.uuid4().hex}'
    form = admin.get(base + 'create/')
    data = {**form_defaults(form.text, 'create_credential_form'),
            'user_name': admin_id, 'cred_type': 'cert', 'data': blob}
    created = admin.post_form(base + 'create/', data)
    assert path_of(created) == base and blob in created.text
    [cred] = [c for c in keystone_admin.credentials.list(user_id=admin_id) if c.blob == blob]
    assert blob in admin.get(f'/identity/credentials/{cred.id}/detail/').text
    edit = admin.get(f'{base}{cred.id}/update/')
    data = {**form_defaults(edit.text, 'update_credential_form'), 'data': blob + '-new'}
    admin.post_form(f'{base}{cred.id}/update/', data)
    assert keystone_admin.credentials.get(cred.id).blob == blob + '-new'
    admin.get(base)
    admin.post_form(base, {'action': f'credentialstable__delete__{cred.id}'})
    assert cred.id not in [c.id for c in keystone_admin.credentials.list(user_id=admin_id)]


@pytest.mark.parametrize('path', ['/identity/credentials/', '/settings/credentials/'])
def test_a_totp_credential_cannot_be_deleted_there(path, admin, enrolled, keystone_admin):
    client = admin if path.startswith('/identity') else enrolled['client']
    [cred_id] = totp_ids(keystone_admin, enrolled['id'])
    client.get(path)
    one = client.post_form(path, {'action': f'credentialstable__delete__{cred_id}'})
    many = client.post_form(path, {'action': 'credentialstable__delete', 'object_ids': cred_id})
    if client is admin:  # the user's own list has no such row (keystone-policy.yaml)
        assert 'not allowed' in messages(one.text) and 'not allowed' in messages(many.text)
    assert one.status_code < 500 and many.status_code < 500
    assert totp_ids(keystone_admin, enrolled['id']) == [cred_id]


def test_extra_totp_credential_is_flagged_and_reset_removes_all(
        admin, new_user, keystone_admin, stack, client_ip):
    user = new_user()
    enroll(stack, user, client_ip)
    keystone_admin.credentials.create(user=user['id'], type='totp', blob=seed.new_totp_secret())
    users = admin.get('/identity/users/')
    row = row_of(users.text, f'data-display="{user["username"]}"')
    assert '2 registered — unexpected' in row

    cred_id = totp_ids(keystone_admin, user['id'])[0]
    admin.get('/identity/credentials/')
    reset = admin.post_form('/identity/credentials/', {
        'action': f'credentialstable__reset_authenticator__{cred_id}'})
    assert reset.status_code == 200 and 'Reset Authenticator' in messages(reset.text)
    assert totp_ids(keystone_admin, user['id']) == []
    row = row_of(admin.get('/identity/users/').text, f'data-display="{user["username"]}"')
    assert 'Not registered' in row


def test_users_reset_removes_every_totp_credential(admin, new_user, keystone_admin):
    user = new_user(totp_secret=seed.new_totp_secret())
    keystone_admin.credentials.create(user=user['id'], type='totp', blob=seed.new_totp_secret())
    admin.get('/identity/users/')
    admin.post_form('/identity/users/', {'action': f"users__reset_authenticator__{user['id']}"})
    assert totp_ids(keystone_admin, user['id']) == []
