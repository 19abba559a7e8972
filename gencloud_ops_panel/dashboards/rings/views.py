from __future__ import annotations

import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from horizon import tabs

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import swift_recon, swift_rings
from gencloud_ops_panel.dashboards.rings import tabs as ring_tabs
from gencloud_ops_panel.logic import ring_health


@dataclass
class StorageStatus:
    directory: swift_rings.RingDirectory
    nodes: list[swift_recon.NodeReport]
    limits: ring_health.Limits
    assessment: ring_health.Assessment


def limits() -> ring_health.Limits:
    settings = conf.get()
    return ring_health.Limits(balance_percent=settings.balance_warn,
                              disk_usage_percent=settings.disk_usage_warn,
                              replication_max_age=settings.replication_max_age,
                              time_jitter=settings.time_jitter,
                              async_pending=settings.async_pending_warn,
                              load=settings.load_warn)


def storage_status() -> StorageStatus:
    """Rings from disk (cached) and recon from every storage server (concurrent)."""
    directory = swift_rings.ring_directory()
    readable = [ring for ring in directory.rings if ring.readable]
    nodes = swift_recon.cluster_recon(readable)
    current = limits()
    return StorageStatus(directory, nodes, current,
                         ring_health.assess(directory.rings, nodes, current, time.time(),
                                            directory.swift_conf_md5))


class IndexView(tabs.TabView):
    tab_group_class = ring_tabs.StorageRingTabs
    template_name = 'gencloud_ops_panel/rings/index.html'
    page_title = _('Storage Rings')

    def get_tabs(self, request, **kwargs):
        if self._tab_group is None:
            status = storage_status()
            group_class = ring_tabs.tab_group_class(status.directory.rings)
            self._tab_group = group_class(request, status=status, **kwargs)
        return self._tab_group
