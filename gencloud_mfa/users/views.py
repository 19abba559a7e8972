from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from openstack_dashboard import api
from openstack_dashboard.dashboards.identity.users import views

from gencloud_mfa import keystone_admin
from gencloud_mfa.users import forms, tables
from gencloud_mfa.users import tabs as user_tabs


class IndexView(views.IndexView):
    table_class = tables.MfaUsersTable

    def get_data(self):
        users = super().get_data()
        try:
            enrolled = keystone_admin.enrolled_user_ids(
                api.keystone.keystoneclient(self.request, admin=True))
        except Exception:
            exceptions.handle(self.request, _('Unable to retrieve authenticator status.'))
            enrolled = None
        for user in users:
            user.totp_enrolled = None if enrolled is None else user.id in enrolled
        return users


class CreateView(views.CreateView):
    form_class = forms.MfaCreateUserForm


class DetailView(views.DetailView):
    tab_group_class = user_tabs.MfaUserDetailTabs
