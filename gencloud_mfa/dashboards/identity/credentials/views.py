from __future__ import annotations

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from openstack_dashboard.api import keystone
from openstack_dashboard.dashboards.identity.credentials import views

from gencloud_mfa.dashboards.identity.credentials import forms, tables
from gencloud_mfa.dashboards.mfa_rows import TotpRefused


class CredentialsView(views.CredentialsView):
    """Upstream's list, with owner names from one user list.

    Upstream asks Keystone for each credential's owner (GET /users/{id} per
    user): with every user enrolled, the page costs a request per user.
    """
    table_class = tables.CredentialsTable

    def get_data(self):
        request, filters = self.request, self.get_filters()
        try:
            names = {user.id: user.name for user in keystone.user_list(request)}
            if 'user_name' in filters:
                ids = [uid for uid, name in names.items() if name == filters['user_name']]
                if not ids:
                    return []
                filters = {'user_id': ids[0]}
            credentials = keystone.credentials_list(request, filters=filters)
            for credential in credentials:
                credential.project_name = views.get_project_name(request, credential.project_id)
                credential.user_name = (names.get(credential.user_id)
                                        or views.get_user_name(request, credential.user_id))
        except Exception:
            exceptions.handle(request, _('Unable to retrieve users credentials list.'))
            return []
        return credentials


class DetailView(TotpRefused, views.DetailView):
    success_url = reverse_lazy('horizon:identity:credentials:index')

    def credential(self):
        return self.get_data()


class UpdateView(TotpRefused, views.UpdateView):
    form_class = forms.UpdateCredentialForm


class CreateView(views.CreateView):
    form_class = forms.CreateCredentialForm
    template_name = 'gencloud_mfa/credentials/create.html'
