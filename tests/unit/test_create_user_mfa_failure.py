"""Create User with "Require MFA" when Keystone refuses the options: a warning naming the user.

A real Keystone cannot be made to fail exactly between creating a user and
updating its options, so this injects the fault. It runs in a subprocess with
Horizon's own settings (the unit tests' minimal Django settings cannot load
Horizon's forms).
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import django
    django.setup()
    from types import SimpleNamespace
    from unittest import mock
    from openstack_dashboard.dashboards.identity.users import forms as upstream
    from gencloud_mfa.dashboards.identity.users import forms
    from gencloud_mfa.dashboards import base

    form = forms.MfaCreateUserForm.__new__(forms.MfaCreateUserForm)
    new_user = SimpleNamespace(id='u-1', name='alice')
    refused = mock.Mock(side_effect=RuntimeError('Keystone said no'))
    client = SimpleNamespace(users=SimpleNamespace(update=refused))
    with mock.patch.object(upstream.CreateUserForm, 'handle', return_value=new_user), \\
         mock.patch.object(base.api.keystone, 'keystoneclient', return_value=client), \\
         mock.patch.object(forms.messages, 'warning') as warning:
        result = form.handle(request=object(), data={'name': 'alice', 'require_mfa': True})
        assert result is new_user
        refused.assert_called_once()
        text = str(warning.call_args.args[1])
        assert '"alice"' in text and 'MFA could not be switched on' in text, text
        warning.reset_mock()
        form.handle(request=object(), data={'name': 'alice', 'require_mfa': False})
        assert not warning.called
    print('OK')
""")


def test_failed_options_update_warns_with_the_user_name():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, 'DJANGO_SETTINGS_MODULE': 'openstack_dashboard.settings',
           'PYTHONPATH': str(root)}
    result = subprocess.run([sys.executable, '-c', SCRIPT], env=env, cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().endswith('OK'), result.stderr[-3000:]
