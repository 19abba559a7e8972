"""Nova pagination and OpenStack error text (pure logic; `call` faked)."""
from __future__ import annotations

import pytest
import requests

from gencloud_ops_panel.api import nova, rest


def test_list_follows_next_links_past_the_page_limit(monkeypatch):
    pages = {
        None: {'flavors': [{'id': str(n)} for n in range(1000)],
               'flavors_links': [{'rel': 'next',
                                  'href': 'http://elsewhere/v2.1/flavors/detail?'
                                          'is_public=None&limit=1000&marker=999'}]},
        '999': {'flavors': [{'id': '1000'}]},
    }
    seen = []

    def fake_call(request, service, method, path, version, params):
        seen.append((path, version, dict(params)))
        return pages[params.get('marker')]

    monkeypatch.setattr(nova, 'call', fake_call)
    flavors = nova.list_flavors(request=None)
    assert len(flavors) == 1001
    assert seen == [
        ('/flavors/detail', '2.61', {'is_public': 'None'}),
        ('/flavors/detail', '2.61', {'is_public': 'None', 'limit': '1000', 'marker': '999'})]


@pytest.mark.parametrize('found, expected', [('2.104', '2.86'), ('2.79', '2.79'),
                                             ('2.1', '2.1')])
def test_write_version_prefers_validated_extra_specs(monkeypatch, found, expected):
    monkeypatch.setattr(nova, 'call', lambda *a, **k: {'version': {'version': found}})
    assert nova.write_version(request=None) == expected


def _response(status: int, body: bytes) -> requests.Response:
    answer = requests.Response()
    answer.status_code, answer._content = status, body
    return answer


@pytest.mark.parametrize('status, body, text', [
    (409, b'{"conflictingRequest": {"code": 409, "message": "Flavor exists."}}',
     'Flavor exists.'),
    (400, b'{"errors": [{"status": 400, "detail": "Bad provider."}]}', 'Bad provider.'),
    (502, b'<html>Bad Gateway</html>', 'HTTP 502'),
    (500, b'', 'HTTP 500'),
])
def test_error_text(status, body, text):
    assert rest.error_text(_response(status, body)) == text
