from openstack_dashboard.dashboards.identity.users import panel


class Users(panel.Users):
    urls = 'gencloud_mfa.dashboards.identity.users.urls'
