"""A requests-based Horizon user: real forms, real CSRF, real session cookies."""
from __future__ import annotations

import re

import requests


class HorizonClient:
    def __init__(self, base_url: str, client_ip: str | None = None) -> None:
        self.base = base_url.rstrip('/')
        self.http = requests.Session()
        if client_ip:  # honoured because the test stack trusts X-Forwarded-For
            self.http.headers['X-Forwarded-For'] = client_ip

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, timeout=60, **kwargs)

    def post_form(self, path: str, data: dict, **kwargs) -> requests.Response:
        """POST like the browser does after loading PATH's form."""
        if 'csrftoken' not in self.http.cookies:
            self.get(path)
        data = {'csrfmiddlewaretoken': self.http.cookies['csrftoken'], **data}
        return self.http.post(self.base + path, data=data, timeout=60,
                              headers={'Referer': self.base + path}, **kwargs)

    def login(self, username: str, password: str) -> requests.Response:
        self.get('/auth/login/')
        return self.post_form('/auth/login/', {
            'username': username, 'password': password,
            'region': 'default', 'domain': 'Default'})



def form_defaults(html: str, form_id: str) -> dict[str, str]:
    """What a browser would submit for form FORM_ID without edits."""
    match = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.S)
    assert match, f'form {form_id} not on the page'
    form, values = match.group(0), {}
    for tag in re.findall(r'<input[^>]*>', form):
        name = re.search(r'name="([^"]+)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind.group(1) in ('checkbox', 'radio')
                        and 'checked' not in tag):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = value.group(1) if value else (
            'on' if kind and kind.group(1) == 'checkbox' else '')
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = (re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body)
                  or re.search(r'<option[^>]*value="([^"]*)"', body))
        values[name] = chosen.group(1) if chosen else ''
    return values


def panel_group_links(html: str, dashboard: str, group: str) -> dict[str, str]:
    """{label: href} of the sidebar panels in DASHBOARD's panel group GROUP."""
    match = re.search(rf'id="sidebar-accordion-{dashboard}-{group}"(.*?)</div>', html, re.S)
    if not match:
        return {}
    return {re.sub(r'\s+', ' ', label).strip(): href for href, label in
            re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', match.group(1), re.S)}
