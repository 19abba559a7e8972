"""Horizon's Create User Credential form without the TOTP type."""
from __future__ import annotations

from openstack_dashboard.dashboards.identity.credentials import forms as upstream

from gencloud_mfa.dashboards.mfa_rows import NoTotpMixin


class CreateCredentialForm(NoTotpMixin, upstream.CreateCredentialForm):
    pass
