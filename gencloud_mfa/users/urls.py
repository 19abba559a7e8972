"""Horizon's Users URLs, with our index, create and detail views in front."""
import os

from django.urls import re_path
from horizon import loaders
from openstack_dashboard.dashboards.identity.users import urls as upstream

from gencloud_mfa.users import views

# Removing Horizon's panel (enabled/_6020) also dropped its template folder
# from Horizon's panel template loader; our subclass renders the same
# templates, so point 'identity/users/...' back at them. URL modules load
# lazily, after every enabled file has been processed.
loaders.panel_template_dirs['identity/users'] = os.path.join(
    os.path.dirname(upstream.__file__), 'templates')

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^(?P<user_id>[^/]+)/detail/$', views.DetailView.as_view(), name='detail'),
    *upstream.urlpatterns,
]
