"""Horizon's credential tables whose MFA rows (TOTP, recovery codes) show no secret or
hash and have no edit/delete."""
from __future__ import annotations

from django import urls
from django.utils.translation import gettext_lazy as _
from horizon import tables
from horizon.utils import filters
from openstack_dashboard.dashboards.identity.credentials import tables as upstream

from gencloud_mfa.dashboards import mfa_rows
from gencloud_mfa.dashboards.mfa_rows import is_mfa, is_recovery, is_totp
from gencloud_mfa.logic import recovery_codes


class UpdateCredential(mfa_rows.NotForMfa, upstream.UpdateCredentialAction):
    pass


class DeleteCredential(mfa_rows.NotForMfa, upstream.DeleteCredentialAction):
    pass


class ResetAuthenticator(mfa_rows.ResetAuthenticator):
    """Identity > Users' Reset Authenticator on a TOTP row: all the owner's TOTP credentials go."""

    def allowed(self, request, datum=None):
        return datum is not None and is_totp(datum)

    def action(self, request, obj_id):
        super().action(request, self.table.get_object_by_id(obj_id).user_id)


def _data(credential):
    if is_totp(credential):
        return _('Registered')
    if is_recovery(credential):
        sets = recovery_codes.stored([{'id': credential.id, 'blob': credential.blob}])
        return _('Recovery codes: %(count)d left') % {'count': recovery_codes.remaining(sets)}
    return credential.blob


def _detail_link(credential):
    if not is_mfa(credential):
        return urls.reverse('horizon:identity:credentials:detail', args=(credential.id,))
    return None


class CredentialsTable(upstream.CredentialsTable):
    id = tables.WrappingColumn('id', verbose_name=_('ID'), truncate=3, link=_detail_link)
    data = tables.Column(_data, verbose_name=_('Data'))
    # Keystone keeps no creation time; enrollment stores one with the credential.
    created = tables.Column(lambda credential: getattr(credential, 'created_at', None),
                            verbose_name=_('Created'), filters=(filters.parse_isotime,),
                            empty_value='-')

    def get_object_display(self, datum):
        # Upstream's is the blob: it lands in every row's data-display attribute.
        owner = getattr(datum, 'user_name', None) or datum.user_id
        if is_totp(datum):
            return _('Authenticator of %(user)s') % {'user': owner}
        if is_recovery(datum):
            return _('Recovery codes of %(user)s') % {'user': owner}
        return super().get_object_display(datum)

    class Meta(upstream.CredentialsTable.Meta):
        table_actions = (upstream.CredentialFilterAction, upstream.CreateCredentialAction,
                         DeleteCredential)
        row_actions = (UpdateCredential, DeleteCredential, ResetAuthenticator)


class OwnCredentialsTable(CredentialsTable):
    """One user's credentials, as on the user's detail page (no user columns, no actions)."""
    user_id = tables.WrappingColumn('user_id', hidden=True)
    user_name = tables.WrappingColumn('user_name', hidden=True)

    class Meta:
        name = 'credentialstable'
        verbose_name = _('Credentials')
