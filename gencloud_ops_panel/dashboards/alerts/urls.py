from django.urls import re_path

from gencloud_ops_panel.dashboards.alerts import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^silences/create/$', views.CreateSilenceView.as_view(), name='create_silence'),
]
