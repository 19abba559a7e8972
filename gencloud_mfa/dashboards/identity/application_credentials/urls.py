"""Horizon's Application Credentials URLs, with our after-create pages in front."""
from django.urls import re_path
from openstack_dashboard.dashboards.identity.application_credentials import urls as upstream

from gencloud_mfa.dashboards.base import serve_upstream_templates
from gencloud_mfa.dashboards.identity.application_credentials import views

serve_upstream_templates('identity/application_credentials', upstream)

urlpatterns = [
    re_path(r'^success/$', views.success, name='success'),
    re_path(r'^download_openrc/$', views.download_openrc, name='download_openrc'),
    re_path(r'^download_kubeconfig/$', views.download_kubeconfig, name='download_kubeconfig'),
    re_path(r'^download_clouds_yaml/$', views.download_clouds_yaml,
            name='download_clouds_yaml'),
    *upstream.urlpatterns,
]
