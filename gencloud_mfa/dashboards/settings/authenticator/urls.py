from django.urls import re_path

from gencloud_mfa.dashboards.settings.authenticator import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^replace/$', views.ReplaceView.as_view(), name='replace'),
    re_path(r'^replace/qr\.png$', views.replacement_qr, name='qr'),
    re_path(r'^recovery-codes/$', views.CodesView.as_view(), name='codes'),
]
