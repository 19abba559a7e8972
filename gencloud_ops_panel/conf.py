"""Every GENCLOUD_* setting of the Operations panels: the one reader and default.

Operators set them under these names in local_settings.py (README lists
them); nothing else repeats the defaults. Read on each call, like
gencloud_mfa.conf, so settings overridden at run time (tests) apply at once.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class OpsSettings:
    # GPU (Nova, Placement; DCGM series in Prometheus)
    gpu_aliases: dict
    api_timeout: float
    gpu_idle_percent: float
    gpu_idle_window: str
    # Storage Rings (Swift)
    swift_dir: str
    recon_timeout: float
    recon_workers: int
    recon_extra_endpoints: tuple[str, ...]
    balance_warn: float
    disk_usage_warn: float
    replication_max_age: float
    time_jitter: float
    async_pending_warn: int
    load_warn: float
    # Alerts (Prometheus, Alertmanager)
    prometheus_urls: tuple[str, ...]
    alertmanager_urls: tuple[str, ...]
    alerts_timeout: float
    alerts_basic_auth: tuple[str, str] | None
    alerts_bearer_token: str | None
    alerts_ca_bundle: str | None
    severity_order: tuple[str, ...]
    alerts_page_size: int | None
    refresh_seconds: int
    badge_timeout: float
    badge_cache_seconds: int


def _urls(value) -> tuple[str, ...]:
    return tuple(url.rstrip('/') for url in value)


def get() -> OpsSettings:
    def value(name, default=None):
        return getattr(settings, name, default)

    basic_auth = value('GENCLOUD_ALERTS_BASIC_AUTH')
    page_size = value('GENCLOUD_ALERTS_PAGE_SIZE')
    return OpsSettings(
        gpu_aliases=value('GENCLOUD_GPU_ALIASES', {}),
        api_timeout=float(value('GENCLOUD_API_TIMEOUT', 10)),
        gpu_idle_percent=float(value('GENCLOUD_GPU_IDLE_PERCENT', 5)),
        gpu_idle_window=str(value('GENCLOUD_GPU_IDLE_WINDOW', '1h')),
        swift_dir=str(value('GENCLOUD_SWIFT_DIR', '/etc/swift')),
        recon_timeout=float(value('GENCLOUD_SWIFT_RECON_TIMEOUT', 3)),
        recon_workers=int(value('GENCLOUD_SWIFT_RECON_WORKERS', 64)),
        recon_extra_endpoints=tuple(value('GENCLOUD_SWIFT_RECON_EXTRA_ENDPOINTS', ())),
        balance_warn=float(value('GENCLOUD_SWIFT_BALANCE_WARN', 1.0)),
        disk_usage_warn=float(value('GENCLOUD_SWIFT_DISK_USAGE_WARN', 80)),
        replication_max_age=float(value('GENCLOUD_SWIFT_REPLICATION_MAX_AGE', 86400)),
        time_jitter=float(value('GENCLOUD_SWIFT_TIME_JITTER', 1.0)),
        async_pending_warn=int(value('GENCLOUD_SWIFT_ASYNC_PENDING_WARN', 100)),
        load_warn=float(value('GENCLOUD_SWIFT_LOAD_WARN', 10)),
        prometheus_urls=_urls(value('GENCLOUD_PROMETHEUS_URLS', ())),
        alertmanager_urls=_urls(value('GENCLOUD_ALERTMANAGER_URLS', ())),
        alerts_timeout=float(value('GENCLOUD_ALERTS_TIMEOUT', 5)),
        alerts_basic_auth=tuple(basic_auth) if basic_auth else None,
        alerts_bearer_token=value('GENCLOUD_ALERTS_BEARER_TOKEN'),
        alerts_ca_bundle=value('GENCLOUD_ALERTS_CA_BUNDLE'),
        severity_order=tuple(value('GENCLOUD_ALERTS_SEVERITY_ORDER',
                                   ('critical', 'warning', 'info'))),
        alerts_page_size=int(page_size) if page_size else None,
        refresh_seconds=int(value('GENCLOUD_ALERTS_REFRESH_SECONDS', 15)),
        badge_timeout=float(value('GENCLOUD_ALERTS_BADGE_TIMEOUT', 1)),
        badge_cache_seconds=int(value('GENCLOUD_ALERTS_BADGE_CACHE_SECONDS', 30)),
    )
