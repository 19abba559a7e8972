from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from openstack_dashboard.dashboards.identity.credentials import views

from gencloud_mfa.credentials import forms, tables


class TotpRefused:
    """View mixin for one credential: a TOTP one goes back to the list with a message.

    Its page would show the secret (upstream even draws its QR code), and its
    edit form would let anyone replace the user's authenticator.
    """
    refused_message = _('An authenticator secret is never shown after enrollment. To give '
                        'a user a new authenticator, use Reset Authenticator: the user sets '
                        'one up again at the next login.')

    def credential(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if tables.is_totp(self.credential()):
            messages.info(request, self.refused_message)
            return redirect(self.success_url)
        return super().dispatch(request, *args, **kwargs)


class CredentialsView(views.CredentialsView):
    table_class = tables.CredentialsTable


class DetailView(TotpRefused, views.DetailView):
    success_url = reverse_lazy('horizon:identity:credentials:index')

    def credential(self):
        return self.get_data()


class UpdateView(TotpRefused, views.UpdateView):
    def credential(self):
        return self.get_object()


class CreateView(views.CreateView):
    form_class = forms.CreateCredentialForm
    template_name = 'gencloud_mfa/credentials/create.html'
