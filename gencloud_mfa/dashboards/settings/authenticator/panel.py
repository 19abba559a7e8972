import horizon
from django.utils.translation import gettext_lazy as _


class Authenticator(horizon.Panel):
    name = _('Authenticator')
    slug = 'gencloud_authenticator'
    urls = 'gencloud_mfa.dashboards.settings.authenticator.urls'
