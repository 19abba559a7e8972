"""Unit tests run with Horizon's own test settings (no services, local-memory cache)."""
import os

import django

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'openstack_dashboard.test.settings')
django.setup()
