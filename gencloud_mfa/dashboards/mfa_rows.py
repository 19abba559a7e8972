"""What every panel listing credentials does with MFA rows (TOTP, recovery codes).

A TOTP blob is a user's authenticator secret and a recovery blob holds code
hashes: neither is shown, edited or created by hand. Only enrollment, Reset
Authenticator and Settings > Authenticator change them.
"""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables

from gencloud_mfa import conf
from gencloud_mfa.dashboards.base import admin_client
from gencloud_mfa.keystone import admin
from gencloud_mfa.logic import mfa_rules, recovery_codes, totp
from gencloud_mfa.state import audit


def is_totp(credential) -> bool:
    return getattr(credential, 'type', None) == totp.CREDENTIAL_TYPE


def is_recovery(credential) -> bool:
    return getattr(credential, 'type', None) == recovery_codes.CREDENTIAL_TYPE


def is_mfa(credential) -> bool:
    """Managed by gencloud_mfa only (enrollment, Reset Authenticator, Settings > Authenticator)."""
    return is_totp(credential) or is_recovery(credential)


class NotForMfa:
    """Action mixin: not offered on MFA rows, and refused for them if posted."""

    def allowed(self, request, datum=None):
        return (datum is None or not is_mfa(datum)) and super().allowed(request, datum)


class NoTotpTypeMixin:
    """Credential form mixin: TOTP is not a type to choose, and refused if posted.

    Only enrollment creates a TOTP credential, after a code proved the user's
    app holds the secret, and only one per user. Horizon 25/26's edit form
    lets the type change too (27 shows it disabled): a cert edited into a
    TOTP credential would plant an authenticator.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields['cred_type'].choices = [
            choice for choice in self.fields['cred_type'].choices
            if choice[0] != totp.CREDENTIAL_TYPE]


class NoTotpMixin(NoTotpTypeMixin):
    """Create-credential form mixin: no TOTP type, and no generated TOTP secret."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Upstream pre-fills 'auto', which generates only TOTP secrets.
        self.fields['data'].initial = None


class TotpRefused:
    """View mixin for one credential: an MFA one goes back to the list with a message.

    A TOTP credential's page would show the secret (upstream even draws its QR
    code), and its edit form would let anyone replace the user's
    authenticator; a recovery set's would show its hashes.
    """
    refused_message = _('An authenticator secret is never shown after enrollment. To give '
                        'a user a new authenticator, use Reset Authenticator: the user sets '
                        'one up again at the next login.')

    def credential(self):
        return self.get_object()

    def dispatch(self, request, *args, **kwargs):
        if is_mfa(self.credential()):
            messages.info(request, self.refused_message)
            return redirect(self.success_url)
        return super().dispatch(request, *args, **kwargs)


class ResetAuthenticator(tables.BatchAction):
    """Identity > Users' action (the user's row); the credential tables reuse it on TOTP rows."""

    name = 'reset_authenticator'
    action_type = 'danger'
    help_text = _('The user keeps the MFA requirement and must set up an '
                  'authenticator app again at the next login; their recovery '
                  'codes stop working.')
    policy_rules = (('identity', 'identity:delete_credential'),
                    ('identity', 'identity:update_user'))

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Reset Authenticator', 'Reset Authenticators', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Reset Authenticator', 'Reset Authenticators', count)

    def allowed(self, request, user=None):
        if user is None or getattr(user, 'totp_enrolled', None) is not False:
            return True
        # Not enrolled: a reset only reopens a closed enrollment window.
        return (conf.get().enroll_window_hours is not None
                and mfa_rules.requires_totp(*mfa_rules.mfa_options(user)))

    def action(self, request, obj_id):
        removed = admin.reset_authenticator(admin_client(request), obj_id)
        audit.record(request, audit.ADMIN_RESET, obj_id, removed=removed, source='dashboard')
