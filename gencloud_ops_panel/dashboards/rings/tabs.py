"""A Health tab, then one tab per ring found in GENCLOUD_SWIFT_DIR."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from horizon import tabs

from gencloud_ops_panel.dashboards.base import SectionTab
from gencloud_ops_panel.dashboards.rings import tables, texts
from gencloud_ops_panel.logic import ring_health


@dataclass
class DeviceRow:
    dev: object
    state: ring_health.DeviceState


@dataclass
class NodeRow:
    """A storage server as the Health tab lists it (like swift-recon's summary)."""
    report: object
    md5_differs: bool
    swift_conf_differs: bool
    unmounted: list[str]
    replication_last: float | None
    skew: float | None          # seconds outside the allowed jitter


def node_rows(status) -> list[NodeRow]:
    assessment = status.assessment
    return [NodeRow(node, node.address in assessment.md5_differs,
                    node.address in assessment.swift_conf_differs,
                    sorted(device for (address, device), state in assessment.states.items()
                           if address == node.address and state.mounted is False),
                    ring_health.replication_last(node),
                    ring_health.clock_skew(node, status.limits.time_jitter))
            for node in status.nodes]


class HealthTab(SectionTab):
    name = _('Health')
    slug = 'health'
    table_classes = (tables.NodesTable,)
    template_name = 'gencloud_ops_panel/rings/_health.html'

    def get_nodes_data(self) -> list[NodeRow]:
        status = self.tab_group.kwargs['status']
        directory = status.directory
        if directory.error:
            self.fail(texts.DIRECTORY_ERROR_TEXT[directory.error] % {
                'path': directory.path, 'detail': directory.error_detail})
        return node_rows(status)

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        status = self.tab_group.kwargs['status']
        checks = [check for ring in status.directory.rings
                  for check in status.assessment.ring_checks[ring.name]]
        checks += status.assessment.cluster_checks
        checks.sort(key=lambda c: -['ok', 'info', 'warning', 'danger'].index(c.level))
        context.update(checks=[texts.describe(c) for c in checks],
                       worst=ring_health.worst(checks), swift_dir=status.directory.path)
        return context


class RingTab(tabs.Tab):
    template_name = 'gencloud_ops_panel/rings/_ring.html'
    ring = None

    def get_context_data(self, request):
        ring = self.ring
        assessment = self.tab_group.kwargs['status'].assessment
        checks = assessment.ring_checks[ring.name]
        seconds_left = ring.min_part_seconds_left(time.time())
        rows = [DeviceRow(dev, ring_health.device_state(
            assessment.states, assessment.unreachable, dev)) for dev in ring.devices]
        return {
            'ring': ring,
            'checks': [texts.describe(c) for c in checks],
            'worst': ring_health.worst(checks),
            'time_left': None if seconds_left is None else str(timedelta(seconds=seconds_left)),
            'ring_file_status': texts.RING_FILE_STATUS_TEXT[ring.ring_file_status],
            'chart': ring_health.chart_rows(ring, assessment.states, assessment.unreachable),
            'disk_limit': self.tab_group.kwargs['status'].limits.disk_usage_percent,
            'devices_table': tables.devices_table(request, ring.name, rows),
        }


def _ring_tab(ring) -> type:
    return type(f'RingTab_{ring.name}', (RingTab,), {
        'name': ring.name, 'slug': f'ring_{ring.name}', 'ring': ring})


class StorageRingTabs(tabs.TabGroup):
    slug = 'storage_rings'
    tabs = (HealthTab,)
    sticky = True


def tab_group_class(rings) -> type:
    """StorageRingTabs with one extra tab per ring (rings differ between clouds)."""
    return type('StorageRingTabs', (StorageRingTabs,), {
        'tabs': (HealthTab, *map(_ring_tab, rings))})
