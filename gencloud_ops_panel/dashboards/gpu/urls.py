from django.urls import re_path

from gencloud_ops_panel.dashboards.gpu import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
