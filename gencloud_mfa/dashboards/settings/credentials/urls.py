"""Horizon's Settings > Credentials URLs (same names), answered by our views."""
from django.urls import re_path
from openstack_dashboard.dashboards.settings.credentials import urls as upstream

from gencloud_mfa.dashboards.base import serve_upstream_templates
from gencloud_mfa.dashboards.settings.credentials import views

serve_upstream_templates('settings/credentials', upstream)

urlpatterns = [
    re_path(r'^$', views.CredentialsView.as_view(), name='index'),
    re_path(r'^(?P<credential_id>[^/]+)/update/$', views.UpdateView.as_view(), name='update'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
]
