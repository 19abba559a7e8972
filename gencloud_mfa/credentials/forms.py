"""Horizon's Create User Credential form without the TOTP type."""
from __future__ import annotations

from openstack_dashboard.dashboards.identity.credentials import forms as upstream

from gencloud_mfa.credentials.tables import TOTP

NON_TOTP_TYPES = tuple(choice for choice in upstream.TYPE_CHOICES if choice[0] != TOTP)


class NoTotpMixin:
    """Creating a TOTP credential is not offered, and refused if posted.

    Only enrollment creates one, after a code proved the user's app holds the
    secret, and only one per user.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields['cred_type'].choices = NON_TOTP_TYPES
        # Upstream pre-fills 'auto', which generates only TOTP secrets.
        self.fields['data'].initial = None


class CreateCredentialForm(NoTotpMixin, upstream.CreateCredentialForm):
    pass
