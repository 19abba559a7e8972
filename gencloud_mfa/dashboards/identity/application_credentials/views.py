"""The pages that show the application credential just created, or say there is none.

Upstream's success page and its openrc / clouds.yaml / kubeconfig downloads
read session['application_credential'], which only the create form sets (the
form renders the success page itself in answer to its POST). A reloaded,
bookmarked or typed URL in a session that created nothing raised KeyError:
HTTP 500. Without that entry these pages now go back to the list with a
message; with it, upstream's views answer as before.
"""
from __future__ import annotations

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from openstack_dashboard.dashboards.identity.application_credentials import views

SESSION_KEY = 'application_credential'  # set by upstream's CreateApplicationCredentialForm
NOTHING_TO_SHOW = _('No application credential was just created, so there is no secret to '
                    'show or download. A secret is shown only right after its application '
                    'credential is created; if you lost one, create a new application '
                    'credential.')


def needs_new_credential(view):
    """VIEW when the session holds the credential just created, else the list and a message."""
    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if not request.session.get(SESSION_KEY):
            messages.info(request, NOTHING_TO_SHOW)
            return redirect(views.INDEX_URL)
        return view(request, *args, **kwargs)
    return answer


success = needs_new_credential(views.CreateSuccessfulView.as_view())
download_openrc = needs_new_credential(views.download_rc_file)
download_clouds_yaml = needs_new_credential(views.download_clouds_yaml_file)
download_kubeconfig = needs_new_credential(views.download_kubeconfig_file)
