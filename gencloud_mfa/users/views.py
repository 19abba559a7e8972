from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from openstack_dashboard import api
from openstack_dashboard.dashboards.identity.users import views

from gencloud_mfa import keystone_admin, keystone_guard, rules
from gencloud_mfa.users import forms, tables, tabs


class IndexView(views.IndexView):
    table_class = tables.MfaUsersTable

    def get_data(self):
        users = super().get_data()
        try:
            totp = keystone_admin.totp_credentials_by_user(
                api.keystone.keystoneclient(self.request, admin=True))
        except Exception:
            exceptions.handle(self.request, _('Unable to retrieve authenticator status.'))
            totp = None
        # Behind Keystone's TOTP guard no credential signs in by itself.
        guarded = totp is not None and keystone_guard.known_installed()
        for user in users:
            user.totp_count = None if totp is None else len(totp.get(user.id, ()))
            user.totp_enrolled = None if totp is None else user.totp_count > 0
            user.totp_alone_signs_in = bool(
                user.totp_enrolled and not guarded
                and rules.totp_alone_signs_in(*keystone_admin.mfa_options(user)))
        return users


class CreateView(views.CreateView):
    form_class = forms.MfaCreateUserForm


class DetailView(views.DetailView):
    tab_group_class = tabs.UserDetailTabs
