from django.utils.translation import gettext_lazy as _
from openstack_dashboard.dashboards.settings.credentials import views

from gencloud_mfa.dashboards.mfa_rows import TotpRefused
from gencloud_mfa.dashboards.settings.credentials import forms, tables


class CredentialsView(views.CredentialsView):
    table_class = tables.CredentialsTable


class UpdateView(TotpRefused, views.UpdateView):
    form_class = forms.UpdateCredentialForm
    refused_message = _('Your authenticator secret is never shown after enrollment. If you '
                        'lost your authenticator app, ask an administrator to reset it.')


class CreateView(views.CreateView):
    form_class = forms.CreateCredentialForm
    template_name = 'gencloud_mfa/credentials/create.html'  # upstream's offers TOTP "auto"
