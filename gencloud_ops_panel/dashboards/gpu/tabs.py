"""The GPU panel's two sections; each shows its own backend error, never a 500."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from horizon import tabs

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import nova, placement
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.dashboards.base import SectionTab
from gencloud_ops_panel.dashboards.gpu import tables
from gencloud_ops_panel.logic import gpu


def configured_aliases() -> dict[str, gpu.GPUAlias]:
    """GENCLOUD_GPU_ALIASES, validated (ConfigError is shown like a backend error)."""
    return gpu.load_aliases(conf.get().gpu_aliases)


def servers(request) -> list[dict]:
    """All servers, fetched once per page render and shared by both sections."""
    if not hasattr(request, '_gencloud_gpu_servers'):
        try:
            request._gencloud_gpu_servers = (nova.list_servers(request), None)
        except BackendError as exc:
            request._gencloud_gpu_servers = ([], exc)
    found, error = request._gencloud_gpu_servers
    if error:
        raise error
    return found


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
        return rows


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
                return gpu.capacity_from_placement(
                    *placement.gpu_inventory(request), aliases)
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


class GPUTabs(tabs.TabGroup):
    slug = 'gencloud_gpu'
    tabs = (GPUFlavorsTab, GPUCapacityTab)
    sticky = True
