"""gencloud_ops_panel.conf: the one reader and default of the GENCLOUD_* settings."""
from __future__ import annotations

from gencloud_ops_panel import conf


def test_defaults_when_nothing_is_set():
    settings = conf.get()
    assert settings.gpu_aliases == {}
    assert (settings.api_timeout, settings.swift_dir) == (10.0, '/etc/swift')
    assert (settings.recon_timeout, settings.recon_workers, settings.recon_extra_endpoints) == (
        3.0, 64, ())
    assert (settings.balance_warn, settings.disk_usage_warn,
            settings.replication_max_age) == (1.0, 80.0, 86400.0)
    assert (settings.prometheus_urls, settings.alertmanager_urls) == ((), ())
    assert (settings.alerts_timeout, settings.alerts_basic_auth, settings.alerts_bearer_token,
            settings.alerts_ca_bundle) == (5.0, None, None, None)
    assert settings.severity_order == ('critical', 'warning', 'info')
    assert (settings.alerts_page_size, settings.refresh_seconds) == (None, 15)
    assert (settings.badge_timeout, settings.badge_cache_seconds) == (1.0, 30)


def test_operator_values_under_their_existing_names(settings):
    settings.GENCLOUD_GPU_ALIASES = {'t4': {'model': 'T4'}}
    settings.GENCLOUD_ALERTMANAGER_URLS = ['http://am-1:9093/', 'http://am-2:9093']
    settings.GENCLOUD_ALERTS_BASIC_AUTH = ['user', 'secret']
    settings.GENCLOUD_ALERTS_PAGE_SIZE = '50'
    settings.GENCLOUD_SWIFT_RECON_TIMEOUT = '1.5'
    found = conf.get()
    assert found.gpu_aliases == {'t4': {'model': 'T4'}}
    assert found.alertmanager_urls == ('http://am-1:9093', 'http://am-2:9093')
    assert found.alerts_basic_auth == ('user', 'secret')
    assert (found.alerts_page_size, found.recon_timeout) == (50, 1.5)
