"""Horizon's Users URLs, with our index, create and detail views in front."""
from django.urls import re_path
from openstack_dashboard.dashboards.identity.users import urls as upstream

from gencloud_mfa.dashboards.base import serve_upstream_templates
from gencloud_mfa.dashboards.identity.users import views

serve_upstream_templates('identity/users', upstream)

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^(?P<user_id>[^/]+)/detail/$', views.DetailView.as_view(), name='detail'),
    *upstream.urlpatterns,
]
