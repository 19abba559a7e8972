"""Mounted under /auth/ ahead of openstack_auth's URLs (AUTHENTICATION_URLS).

`totp/<user_name>/` is the URL openstack_auth's login view redirects to after
the password step, so our step view answers it in place of upstream's.
"""
from django.urls import re_path

from gencloud_mfa import recovery_views, views

app_name = 'gencloud_mfa'

urlpatterns = [
    re_path(r'^totp/(?P<user_name>[^/]+)/$', views.MfaStepView.as_view(), name='step'),
    re_path(r'^mfa/enroll-qr\.png$', views.qr_code, name='qr'),
    re_path(r'^mfa/recover/$', recovery_views.RecoverView.as_view(), name='recover'),
]
