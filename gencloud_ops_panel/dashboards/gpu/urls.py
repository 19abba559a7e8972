from django.urls import re_path

from gencloud_ops_panel.dashboards.gpu import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^(?P<flavor_id>[^/]+)/edit_count/$', views.EditCountView.as_view(),
            name='edit_count'),
]
