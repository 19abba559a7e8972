"""Alerts | Silences | Rules tabs; each tab reads only its own sources."""
from __future__ import annotations

from urllib.parse import urlencode

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from horizon import tabs
from horizon.utils import functions

from gencloud_ops_panel import alerting
from gencloud_ops_panel.api import alertmanager, http, prometheus
from gencloud_ops_panel.dashboards.alerts import forms, sources, tables

TAB_GROUP = 'gencloud_alerts_tabs'


def _not_configured() -> list[str]:
    missing = []
    if not prometheus.urls():
        missing.append('GENCLOUD_PROMETHEUS_URLS')
    if not alertmanager.urls():
        missing.append('GENCLOUD_ALERTMANAGER_URLS')
    return missing


def _page_link(request, page: int) -> str:
    query = [(k, v) for k, values in request.GET.lists() for v in values
             if k not in ('page', 'tab')]
    return '?' + urlencode([*query, ('tab', f'{TAB_GROUP}__alerts'), ('page', page)])


def page_size(request) -> int:
    """GENCLOUD_ALERTS_PAGE_SIZE if set, else the admin's own "Items Per Page"
    (Horizon's user settings, API_RESULT_PAGE_SIZE by default) like Horizon's tables."""
    return max(1, int(http.setting('GENCLOUD_ALERTS_PAGE_SIZE') or
                      functions.get_page_size(request)))


def _page_number(request) -> int:
    """?page=N; anything else is page 1."""
    page = request.GET.get('page', '')
    return int(page) if page.isdigit() and int(page) > 0 else 1


class AlertsTab(tabs.TableTab):
    name = _('Alerts')
    slug = 'alerts'
    table_classes = (tables.AlertsTable,)
    template_name = 'gencloud_ops_panel/alerts/_alerts_tab.html'
    preload = True

    def _state(self) -> dict:
        """Fetch, filter, group and page once per request."""
        if not hasattr(self, '_cached_state'):
            collect = (getattr(self, '_collecting', None)
                       or sources.start_collecting_alerts(self.request))
            self._cached_state = self._build_state(collect())
        return self._cached_state

    def _build_state(self, collected: sources.Collected) -> dict:
        order = sources.severity_order()
        present = {a.severity for a in collected.alerts if a.severity}
        severities = order + sorted(present - set(order))
        form = forms.AlertFilterForm(self.request.GET, severities)
        filters = form.cleaned_data if form.is_valid() else {}
        shown = alerting.filter_alerts(collected.alerts, filters.get('state') or (),
                                       filters.get('severity') or (), filters.get('label'))
        groups = alerting.group_alerts(shown, filters['group']) if filters.get('group') else []
        if groups:
            shown = [alert for group in groups for alert in group.alerts]
        size = page_size(self.request)
        pages = max(1, -(-len(shown) // size))
        page = min(_page_number(self.request), pages)
        return {
            'form': form, 'groups': groups,
            'group_by': filters.get('group', ''),
            'page_alerts': shown[(page - 1) * size:page * size],
            'total': len(shown), 'first': (page - 1) * size + 1 if shown else 0,
            'last': min(page * size, len(shown)),
            'prev_link': _page_link(self.request, page - 1) if page > 1 else '',
            'next_link': _page_link(self.request, page + 1) if page < pages else '',
            'not_configured': _not_configured(), 'failures': collected.failures,
        }

    def get_alerts_data(self):
        return SimpleLazyObject(lambda: self._state()['page_alerts'])

    def get_context_data(self, request, **kwargs):
        """Ask the backends now but wait for them only when the tab is rendered:
        meanwhile Horizon renders the page around it (stylesheets, header,
        sidebar, its Keystone project list)."""
        self._collecting = sources.start_collecting_alerts(request)
        context = super().get_context_data(request, **kwargs)
        context['alerts'] = SimpleLazyObject(self._state)
        return context


class _BackendTableTab(tabs.TableTab):
    """A tab listing one table of one kind of backend data, with its failures."""
    template_name = 'gencloud_ops_panel/alerts/_backend_tab.html'
    preload = False
    collect = None

    def _load(self):
        if not hasattr(self, '_loaded'):
            self._loaded = self.collect(self.request)
        return self._loaded

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        context['failures'] = self._load()[1]
        context['not_configured'] = _not_configured()
        return context


class SilencesTab(_BackendTableTab):
    name = _('Silences')
    slug = 'silences'
    table_classes = (tables.SilencesTable,)
    collect = staticmethod(sources.collect_silences)

    def get_silences_data(self):
        return self._load()[0]


class RulesTab(_BackendTableTab):
    name = _('Rules')
    slug = 'rules'
    table_classes = (tables.RulesTable,)
    collect = staticmethod(sources.collect_rules)

    def get_rules_data(self):
        return self._load()[0]


class AlertTabs(tabs.TabGroup):
    slug = TAB_GROUP
    tabs = (AlertsTab, SilencesTab, RulesTab)
    sticky = True
