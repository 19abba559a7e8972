"""The GPU panel's sections; each shows its own backend error, never a 500."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _
from horizon import tabs

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import nova, placement, prometheus
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.dashboards.base import SectionTab
from gencloud_ops_panel.dashboards.gpu import tables
from gencloud_ops_panel.logic import gpu


def configured_aliases() -> dict[str, gpu.GPUAlias]:
    """GENCLOUD_GPU_ALIASES, validated (ConfigError is shown like a backend error)."""
    return gpu.load_aliases(conf.get().gpu_aliases)


def _once(request, name: str, fetch: Callable[[], Any]) -> Any:
    """FETCH at most once per page render, shared by the sections (errors too)."""
    cache = request.__dict__.setdefault('_gencloud_gpu', {})
    if name not in cache:
        try:
            cache[name] = (fetch(), None)
        except BackendError as exc:
            cache[name] = (None, exc)
    found, error = cache[name]
    if error:
        raise error
    return found


def servers(request) -> list[dict]:
    """All servers, fetched once per page render and shared by the sections."""
    return _once(request, 'servers', partial(nova.list_servers, request))


def inventory(request, aliases: dict[str, gpu.GPUAlias]) -> tuple:
    """Placement's GPU providers (placement.gpu_inventory), once per page render."""
    return _once(request, 'inventory',
                 partial(placement.gpu_inventory, request, gpu.gpu_classes(aliases)))


class GPUFlavorsTab(SectionTab):
    name = _('GPU Flavors')
    slug = 'flavors'
    table_classes = (tables.GPUFlavorsTable,)
    template_name = 'gencloud_ops_panel/gpu/_flavors_tab.html'

    def get_gpu_flavors_data(self):
        request = self.request
        try:
            aliases = configured_aliases()
            flavors = nova.list_flavors(request)
        except (BackendError, gpu.ConfigError) as exc:
            self.fail(exc)
            return []
        try:
            in_use = servers(request)
        except BackendError as exc:
            self.fail(_('Servers per flavor are unknown: %s') % exc)
            in_use = None
        rows = gpu.gpu_flavor_rows(flavors, in_use or [], aliases)
        if in_use is None:
            for row in rows:
                row['servers'] = None
        gpu.add_fits(rows, self._free_capacity(rows, aliases), aliases)
        return rows

    def _free_capacity(self, rows: list[dict], aliases: dict) -> dict | None:
        """Placement's provider summaries for the flavors' GPU classes; None: unknown."""
        if not placement.available(self.request):
            return None
        try:
            return placement.free_capacity(self.request, gpu.flavor_classes(rows, aliases))
        except BackendError as exc:
            self.fail(_('How many more instances fit is unknown: %s') % exc)
            return None


class GPUCapacityTab(SectionTab):
    name = _('GPU Capacity')
    slug = 'capacity'
    table_classes = (tables.GPUCapacityTable,)
    template_name = 'gencloud_ops_panel/gpu/_capacity_tab.html'
    source = None

    def get_gpu_capacity_data(self):
        request = self.request
        try:
            aliases = configured_aliases()
            if placement.available(request):
                self.source = _('Placement (resource provider inventories and usages)')
                providers, inventories, allocations, _one_time_use = inventory(request, aliases)
                return gpu.capacity_from_placement(
                    providers, inventories, gpu.usages_from_allocations(allocations), aliases)
            self.source = _('Nova servers (Placement not available: totals unknown)')
            return gpu.allocated_from_servers(servers(request), aliases)
        except (BackendError, gpu.ConfigError) as exc:
            self.fail(exc)
            return []

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        context['source'] = self.source
        context['models'] = [
            {**model, 'percent': round(100 * model['allocated'] / model['total'])
             if model['total'] else None}
            for model in gpu.per_model(self._tables['gpu_capacity'].data)]
        return context


class GPUDevicesTab(SectionTab):
    """Each GPU device: who holds it, cleanup after one-time use, DCGM utilization."""
    name = _('GPU Devices')
    slug = 'devices'
    table_classes = (tables.GPUDevicesTable,)
    template_name = 'gencloud_ops_panel/gpu/_devices_tab.html'
    without_placement = False
    not_configured: tuple[str, ...] = ()

    def get_gpu_devices_data(self):
        request = self.request
        try:
            aliases = configured_aliases()
            if not placement.available(request):
                self.without_placement = True
                return []
            providers, inventories, allocations, one_time_use = inventory(request, aliases)
        except (BackendError, gpu.ConfigError) as exc:
            self.fail(exc)
            return []
        try:
            known = servers(request)
        except BackendError as exc:
            self.fail(_('Servers holding GPUs are unknown: %s') % exc)
            known = []
        rows = gpu.device_rows(providers, inventories, allocations, one_time_use, known,
                               aliases)
        self._add_utilization(rows)
        return rows

    def _add_utilization(self, rows: list[dict]) -> None:
        """DCGM series from Prometheus: three instant queries at once."""
        settings = conf.get()
        if not settings.prometheus_urls:
            self.not_configured = ('GENCLOUD_PROMETHEUS_URLS',)
            return
        try:
            queries = gpu.dcgm_queries(settings.gpu_idle_window)
        except gpu.ConfigError as exc:
            self.fail(exc)
            return
        try:
            found = prometheus.instant_queries(settings.prometheus_urls, queries,
                                               gpu.parse_vector)
        except BackendError as exc:
            self.fail(_('GPU utilization is unknown: %s') % exc)
            return
        gpu.add_utilization(rows, found['utilization'], found['memory'], found['busiest'],
                            settings.gpu_idle_percent)

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        settings = conf.get()
        context.update(without_placement=self.without_placement,
                       not_configured=self.not_configured,
                       idle_percent=settings.gpu_idle_percent,
                       idle_window=settings.gpu_idle_window)
        return context


class GPUTabs(tabs.TabGroup):
    slug = 'gencloud_gpu'
    tabs = (GPUFlavorsTab, GPUCapacityTab, GPUDevicesTab)
    sticky = True
