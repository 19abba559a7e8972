"""Horizon's user credential forms without the TOTP type."""
from __future__ import annotations

from openstack_dashboard.dashboards.identity.credentials import forms as upstream

from gencloud_mfa.dashboards.mfa_rows import NoTotpMixin, NoTotpTypeMixin


class CreateCredentialForm(NoTotpMixin, upstream.CreateCredentialForm):
    pass


class UpdateCredentialForm(NoTotpTypeMixin, upstream.UpdateCredentialForm):
    pass
