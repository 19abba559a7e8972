"""Identity > Application Credentials: the pages that show the credential just created.

Upstream's success page and its downloads read the new credential from the
session, which only the create form fills: a reloaded, bookmarked or typed URL
answered HTTP 500 (issue 23). Now it goes back to the list with a message.
"""
from __future__ import annotations

import re
import uuid

import pytest
import yaml
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from devstack.horizon_client import form_defaults, panel_group_links
from tests.mfa_helpers import login, path_of

pytestmark = pytest.mark.integration

PANEL = '/identity/application_credentials/'
# Every page of the panel that needs the credential just created.
NEEDS_NEW = ('success/', 'download_openrc/', 'download_clouds_yaml/', 'download_kubeconfig/')
NOTHING_TO_SHOW = 'No application credential was just created'
FORM_ID = 'create_application_credential_form'


def messages(html: str) -> str:
    return ' '.join(re.sub(r'\s+', ' ', m) for m in re.findall(
        r'<div class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


def readonly_value(html: str, name: str) -> str:
    """The value of the success page's read-only field NAME (input or textarea)."""
    found = (re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
             or re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)\s*</textarea>', html, re.S))
    assert found, f'{name} not on the page'
    return found.group(1)


@pytest.mark.parametrize('who', ['admin', 'member'])
def test_a_direct_get_goes_back_to_the_list_with_a_message(stack, who):
    client = login(stack, who)
    for page in NEEDS_NEW:
        answer = client.get(PANEL + page, allow_redirects=False)
        assert (page, answer.status_code) == (page, 302)
        assert answer.headers['Location'].endswith(PANEL)
        listed = client.get(answer.headers['Location'])
        assert listed.status_code == 200
        assert NOTHING_TO_SHOW in messages(listed.text), page
        # The message is shown once, like any Horizon message.
        assert NOTHING_TO_SHOW not in client.get(PANEL).text


def test_the_other_pages_of_a_direct_get_answer_without_a_server_error(admin):
    for page in ('', 'create/'):
        assert admin.get(PANEL + page).status_code == 200, page
    unknown = admin.get(PANEL + f'{uuid.uuid4().hex}/detail/', allow_redirects=False)
    assert unknown.status_code == 302 and unknown.headers['Location'].endswith(PANEL)


@pytest.mark.smoke
def test_the_panel_keeps_its_place_in_the_sidebar(admin):
    links = panel_group_links(admin.get(PANEL).text, 'identity', 'default')
    assert links['Application Credentials'] == PANEL
    labels = list(links)
    assert labels[labels.index('Roles') + 1] == 'Application Credentials'


def test_the_message_is_korean_for_a_korean_browser(stack):
    client = login(stack, 'member')
    listed = client.get(PANEL + 'success/', headers={'Accept-Language': 'ko'})
    assert path_of(listed) == PANEL and listed.status_code == 200
    assert '방금 만든 어플리케이션 증명서가 없으므로' in messages(listed.text)


@pytest.mark.parametrize('who', ['admin', 'member'])
def test_a_new_credential_is_shown_once_and_downloads(stack, keystone_admin, who):
    client = login(stack, who)
    form = client.get(PANEL + 'create/')
    assert form.status_code == 200
    fields = form_defaults(form.text, FORM_ID)
    fields.pop('roles', None)  # a browser sends no role when none is picked: all of them
    name = f'app-{uuid.uuid4().hex[:8]}'
    shown = client.post_form(PANEL + 'create/', {**fields, 'name': name})

    assert shown.status_code == 200 and 'Your application credential' in shown.text
    cred_id = readonly_value(shown.text, 'app_cred_id')
    secret = readonly_value(shown.text, 'app_cred_secret')
    assert readonly_value(shown.text, 'app_cred_name') == name
    try:
        # The secret shown is the one Keystone accepts.
        auth = v3.ApplicationCredential(auth_url=stack['keystone_url'],
                                        application_credential_id=cred_id,
                                        application_credential_secret=secret)
        assert ks_session.Session(auth=auth).get_token()

        again = client.get(PANEL + 'success/', allow_redirects=False)
        assert again.status_code == 200 and readonly_value(again.text, 'app_cred_id') == cred_id

        openrc = client.get(PANEL + 'download_openrc/', allow_redirects=False)
        assert openrc.status_code == 200
        assert f'app-cred-{name}-openrc.sh' in openrc.headers['Content-Disposition']
        assert f'OS_APPLICATION_CREDENTIAL_ID="{cred_id}"' in openrc.text
        assert f'OS_APPLICATION_CREDENTIAL_SECRET="{secret}"' in openrc.text

        clouds = client.get(PANEL + 'download_clouds_yaml/', allow_redirects=False)
        assert clouds.status_code == 200
        assert 'clouds.yaml' in clouds.headers['Content-Disposition']
        auth_section = yaml.safe_load(clouds.text)['clouds']['openstack']['auth']
        assert auth_section['application_credential_id'] == cred_id
        assert auth_section['application_credential_secret'] == secret

        listed = client.get(PANEL)
        assert listed.status_code == 200 and name in listed.text
    finally:
        user_id = keystone_admin.users.list(name=stack['logins'][who]['username'])[0].id
        keystone_admin.application_credentials.delete(cred_id, user=user_id)
