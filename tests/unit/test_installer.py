"""`gencloud-horizon install`: idempotent, reversible, leaves others' files alone."""
from __future__ import annotations

import pytest

from gencloud_horizon import cli


@pytest.fixture
def horizon_tree(tmp_path):
    local = tmp_path / 'horizon' / 'openstack_dashboard' / 'local'
    (local / 'enabled').mkdir(parents=True)
    (local / 'local_settings.d').mkdir()
    (local / 'enabled' / '_50_settings.py').write_text('# operator file\n')
    return tmp_path / 'horizon'


def _files(tree):
    return sorted(str(p.relative_to(tree)) for p in tree.rglob('*') if p.is_file())


def test_install_then_uninstall(horizon_tree, capsys):
    before = _files(horizon_tree)
    assert cli.main(['install', '--horizon-dir', str(horizon_tree)]) == 0
    installed = set(_files(horizon_tree)) - set(before)
    local = 'openstack_dashboard/local/'
    assert local + 'enabled/_6010_gencloud_mfa.py' in installed
    assert local + 'enabled/_6100_gencloud_ops_panel_group.py' in installed
    for swapped in ('_6020_gencloud_mfa_users_remove', '_6021_gencloud_mfa_users_panel',
                    '_6022_gencloud_mfa_credentials_remove',
                    '_6023_gencloud_mfa_credentials_panel',
                    '_6024_gencloud_mfa_settings_credentials_remove',
                    '_6025_gencloud_mfa_settings_credentials_panel',
                    '_6026_gencloud_mfa_application_credentials_remove',
                    '_6027_gencloud_mfa_application_credentials_panel'):
        assert f'{local}enabled/{swapped}.py' in installed
    assert local + 'local_settings.d/_6000_gencloud.py' in installed
    assert not any(name.endswith('__init__.py') for name in installed)

    capsys.readouterr()
    assert cli.main(['install', '--horizon-dir', str(horizon_tree)]) == 0
    assert 'nothing to do' in capsys.readouterr().out

    assert cli.main(['install', '--uninstall', '--horizon-dir', str(horizon_tree)]) == 0
    assert _files(horizon_tree) == before


def test_install_accepts_the_openstack_dashboard_folder(horizon_tree):
    dashboard = horizon_tree / 'openstack_dashboard'
    assert cli.find_dashboard_dir(str(dashboard)) == dashboard
    assert cli.find_dashboard_dir(str(horizon_tree)) == dashboard


def test_install_refuses_a_folder_that_is_not_horizon(tmp_path):
    with pytest.raises(SystemExit, match='does not look like a Horizon tree'):
        cli.main(['install', '--horizon-dir', str(tmp_path)])


def test_install_repairs_an_edited_copy(horizon_tree):
    cli.install(cli.find_dashboard_dir(str(horizon_tree)))
    copy = horizon_tree / 'openstack_dashboard/local/enabled/_6010_gencloud_mfa.py'
    copy.write_text('broken')
    changed = cli.install(cli.find_dashboard_dir(str(horizon_tree)))
    assert changed == [f'installed {copy}']
    assert 'gencloud_mfa' in copy.read_text()


HORIZON_DEFAULTS = {
    'AUTHENTICATION_PLUGINS': ['openstack_auth.plugin.password.PasswordPlugin',
                               'openstack_auth.plugin.token.TokenPlugin'],
    'AUTHENTICATION_URLS': ['openstack_auth.urls'],
}


def _exec_snippet(**namespace):
    snippet = cli.shipped_files()['local_settings.d'][0]
    namespace = {**HORIZON_DEFAULTS, **namespace}
    exec(snippet.read_text(), namespace)
    return namespace


def test_settings_snippet_keeps_operator_values():
    """Horizon exec()s the snippet after local_settings.py: it sets no GENCLOUD_* value
    (their defaults are in gencloud_ops_panel/conf.py, tests/unit/test_ops_conf.py)."""
    operator = _exec_snippet(GENCLOUD_GPU_ALIASES={'t4': {'model': 'T4'}})
    assert operator['GENCLOUD_GPU_ALIASES'] == {'t4': {'model': 'T4'}}
    assert not [name for name in _exec_snippet() if name.startswith('GENCLOUD_')]


def test_settings_snippet_wires_the_mfa_login():
    result = _exec_snippet()
    assert result['AUTHENTICATION_PLUGINS'] == [
        'openstack_auth.plugin.totp.TotpPlugin', 'gencloud_mfa.plugin.PasswordPlugin',
        'openstack_auth.plugin.token.TokenPlugin']
    assert result['AUTHENTICATION_URLS'] == ['gencloud_mfa.urls', 'openstack_auth.urls']


def test_settings_snippet_keeps_seed_style_plugin_lists_working():
    """The seed's local_settings listed TotpPlugin after PasswordPlugin."""
    seed_plugins = ['openstack_auth.plugin.password.PasswordPlugin',
                    'openstack_auth.plugin.totp.TotpPlugin',
                    'openstack_auth.plugin.token.TokenPlugin']
    result = _exec_snippet(AUTHENTICATION_PLUGINS=seed_plugins)
    assert result['AUTHENTICATION_PLUGINS'][:2] == [
        'openstack_auth.plugin.totp.TotpPlugin', 'gencloud_mfa.plugin.PasswordPlugin']
    assert len(result['AUTHENTICATION_PLUGINS']) == 3
    twice = _exec_snippet(**{k: result[k] for k in HORIZON_DEFAULTS})
    assert twice['AUTHENTICATION_PLUGINS'] == result['AUTHENTICATION_PLUGINS']
    assert twice['AUTHENTICATION_URLS'] == result['AUTHENTICATION_URLS']


def _enabled_configs() -> list[dict]:
    configs = []
    for path in cli.shipped_files()['enabled']:
        namespace: dict = {}
        exec(path.read_text(), namespace)
        configs.append(namespace)
    return configs


def test_each_replaced_panel_is_removed_then_added_back():
    """A REMOVE_PANEL file runs right before the ADD_PANEL one for the same panel."""
    configs = _enabled_configs()
    removed = [(c['PANEL_DASHBOARD'], c['PANEL']) for c in configs if c.get('REMOVE_PANEL')]
    assert ('identity', 'credentials') in removed and ('settings', 'credentials') in removed
    assert ('identity', 'application_credentials') in removed
    for index, config in enumerate(configs):
        if config.get('REMOVE_PANEL'):
            added = configs[index + 1]
            assert (added['PANEL_DASHBOARD'], added['PANEL']) == (
                config['PANEL_DASHBOARD'], config['PANEL'])
            assert added['ADD_PANEL'].startswith('gencloud_mfa.')



@pytest.mark.parametrize('old,new', [
    ('users.panel.Users', 'identity.users.panel.Users'),
    ('credentials.panel.CredentialsPanel', 'identity.credentials.panel.CredentialsPanel'),
    ('application_credentials.panel.ApplicationCredentialsPanel',
     'identity.application_credentials.panel.ApplicationCredentialsPanel'),
    ('settings_credentials.panel.CredentialsPanel', 'settings.credentials.panel.CredentialsPanel'),
    ('authenticator.panel.Authenticator', 'settings.authenticator.panel.Authenticator'),
])
def test_enabled_files_copied_before_the_layered_layout_still_load(old, new):
    """An operator who did not re-run `gencloud-horizon install` keeps the old ADD_PANEL paths."""
    from django.utils.module_loading import import_string
    shipped = {namespace.get('ADD_PANEL') for namespace in _enabled_configs()}
    assert f'gencloud_mfa.dashboards.{new}' in shipped
    assert import_string(f'gencloud_mfa.{old}') is import_string(f'gencloud_mfa.dashboards.{new}')
