"""Token-authenticated JSON calls to OpenStack APIs from a Horizon request.

One place for what every backend call needs: the service URL from the
user's catalog, the user's token, TLS settings, a timeout, a microversion
header, and the backend's own error text turned into BackendError.
Timeout: GENCLOUD_API_TIMEOUT (conf.py).
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from horizon import exceptions as horizon_exceptions
from openstack_dashboard.api import base

from gencloud_ops_panel import conf
from gencloud_ops_panel.api.base import BackendError


def _verify():
    if getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False):
        return False
    return getattr(settings, 'OPENSTACK_SSL_CACERT', None) or True


def endpoint(request, service_type: str) -> str:
    try:
        return base.url_for(request, service_type).rstrip('/')
    except horizon_exceptions.ServiceCatalogException as exc:
        raise BackendError(_('No %s endpoint in the service catalog.') % service_type) from exc


def call(request, service_type: str, method: str, path: str, version: str | None = None,
         **kwargs) -> dict:
    """METHOD the service's PATH; return the decoded JSON body ({} if none)."""
    headers = {'X-Auth-Token': request.user.token.id, 'Accept': 'application/json'}
    if version:
        headers['OpenStack-API-Version'] = f'{service_type} {version}'
    url = endpoint(request, service_type) + path
    timeout = conf.get().api_timeout
    try:
        answer = requests.request(method, url, headers=headers, timeout=timeout,
                                  verify=_verify(), **kwargs)
    except requests.Timeout as exc:
        raise BackendError(_('%(service)s did not answer within %(seconds)s s.') % {
            'service': service_type, 'seconds': timeout}) from exc
    except requests.RequestException as exc:
        raise BackendError(_('%(service)s is unreachable: %(reason)s') % {
            'service': service_type, 'reason': type(exc).__name__}) from exc
    if answer.status_code >= 400:
        raise BackendError(error_text(answer))
    return answer.json() if answer.content else {}


def error_text(answer: requests.Response) -> str:
    """OpenStack error bodies look like {"conflictingRequest": {"message": ...}}."""
    try:
        body = answer.json()
        messages = [v.get('message') for v in body.values() if isinstance(v, dict)]
        if body.get('errors'):  # Placement
            messages = [e.get('detail') for e in body['errors']]
        text = '; '.join(m for m in messages if m)
    except (ValueError, AttributeError):
        text = ''
    return text or f'HTTP {answer.status_code}'


def next_params(links: list[dict] | None) -> dict | None:
    """The query of a collection's `next` link (we re-use our own endpoint URL)."""
    for link in links or ():
        if link.get('rel') == 'next':
            return dict(parse_qsl(urlsplit(link['href']).query))
    return None
