from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from openstack_dashboard.dashboards.identity.users import views

from gencloud_mfa.dashboards.base import admin_client
from gencloud_mfa.dashboards.identity.users import forms, tables, tabs
from gencloud_mfa.keystone import admin, totp_guard
from gencloud_mfa.logic import mfa_rules


class IndexView(views.IndexView):
    table_class = tables.MfaUsersTable

    def get_data(self):
        users = super().get_data()
        try:
            totp = admin.totp_credentials_by_user(admin_client(self.request))
        except Exception:
            exceptions.handle(self.request, _('Unable to retrieve authenticator status.'))
            totp = None
        # Behind Keystone's TOTP guard no credential signs in by itself.
        guarded = totp is not None and totp_guard.known_installed()
        for user, status in zip(users, mfa_rules.statuses(users, totp), strict=True):
            user.totp_count = None if totp is None else status.totp_count
            user.totp_enrolled = status.enrolled
            user.totp_alone_signs_in = status.single_factor_totp and not guarded
        return users


class CreateView(views.CreateView):
    form_class = forms.MfaCreateUserForm


class DetailView(views.DetailView):
    tab_group_class = tabs.UserDetailTabs
