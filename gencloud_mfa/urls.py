"""Mounted under /auth/ ahead of openstack_auth's URLs (AUTHENTICATION_URLS).

`totp/<user_name>/` is the URL openstack_auth's login view redirects to after
the password step, so our step view answers it in place of upstream's. It
accepts any Keystone user name ('/', spaces, unicode); the same pattern is
also registered under upstream's global name `totp`, so that the login view's
`reverse('totp', args=[name])` finds it for names upstream's `[^/]+` refuses.
"""
from django.urls import include, re_path
from openstack_auth import utils as auth_utils

from gencloud_mfa.flow import password_change, recover, step

STEP = r'^totp/(?P<user_name>.+)/$'

_ours = ([
    re_path(STEP, step.MfaStepView.as_view(), name='step'),
    re_path(r'^mfa/enroll-qr\.png$', step.qr_code, name='qr'),
    re_path(r'^mfa/recover/$', recover.RecoverView.as_view(), name='recover'),
], 'gencloud_mfa')

urlpatterns = [
    re_path(r'^login/$', step.login_view),
    re_path(r'', include(_ours)),
    re_path(STEP, step.MfaStepView.as_view(), name='totp'),
]
if auth_utils.allow_expired_password_change():  # upstream's name, so its login view finds it
    urlpatterns.append(re_path(r'^password/(?P<user_id>[^/]+)/$',
                               password_change.PasswordView.as_view(), name='password'))
