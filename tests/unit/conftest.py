"""Unit tests run without Horizon's settings: a minimal Django configuration."""
import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        CACHES={'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}},
        OPENSTACK_KEYSTONE_URL='http://127.0.0.1:1/v3',
        OPENSTACK_SSL_NO_VERIFY=False, OPENSTACK_SSL_CACERT=None,
        INSTALLED_APPS=['django.contrib.contenttypes', 'django.contrib.auth', 'openstack_auth'],
        USE_I18N=True, USE_TZ=True,
    )
    django.setup()
