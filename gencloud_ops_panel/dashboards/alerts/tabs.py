"""Alerts | Silences | Rules tabs; each tab reads only its own sources."""
from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from horizon import tabs
from horizon.utils import functions

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import alerts as alerts_api
from gencloud_ops_panel.dashboards.alerts import forms, tables
from gencloud_ops_panel.dashboards.base import SectionTab
from gencloud_ops_panel.logic import alerts as logic

TAB_GROUP = 'gencloud_alerts_tabs'


def _not_configured() -> list[str]:
    settings = conf.get()
    missing = []
    if not settings.prometheus_urls:
        missing.append('GENCLOUD_PROMETHEUS_URLS')
    if not settings.alertmanager_urls:
        missing.append('GENCLOUD_ALERTMANAGER_URLS')
    return missing


def _page_link(request, page: int) -> str:
    query = [(k, v) for k, values in request.GET.lists() for v in values
             if k not in ('page', 'tab')]
    return '?' + urlencode([*query, ('tab', f'{TAB_GROUP}__alerts'), ('page', page)])


def page_size(request) -> int:
    """GENCLOUD_ALERTS_PAGE_SIZE if set, else the admin's own "Items Per Page"
    (Horizon's user settings, API_RESULT_PAGE_SIZE by default) like Horizon's tables."""
    return conf.get().alerts_page_size or functions.get_page_size(request)


def _page_number(request) -> int:
    """?page=N; anything else is page 1."""
    page = request.GET.get('page', '')
    return int(page) if page.isdigit() and int(page) > 0 else 1


def _history_names(history: logic.History | None) -> list[dict]:
    """Per alert name: its timeline, most firing first (None: no Prometheus answered)."""
    if history is None:
        return []
    ranked = sorted(history.by_name.items(), key=lambda item: (-item[1].firing_share, item[0]))
    return [{'name': name, 'timeline': tables.timeline_svg(timeline),
             'percent': round(timeline.firing_share * 100)} for name, timeline in ranked]


class _SourcesTab(SectionTab):
    """A tab over Prometheus/Alertmanager data: says which setting is missing."""

    def get_context_data(self, request, **kwargs):
        context = super().get_context_data(request, **kwargs)
        context['not_configured'] = _not_configured()
        return context


class AlertsTab(_SourcesTab):
    name = _('Alerts')
    slug = 'alerts'
    table_classes = (tables.AlertsTable,)
    template_name = 'gencloud_ops_panel/alerts/_alerts_tab.html'
    preload = True

    def _state(self) -> dict:
        """Fetch, then filter, group and page once per request."""
        if not hasattr(self, '_cached_state'):
            collect = (getattr(self, '_collecting', None)
                       or alerts_api.start_collecting_alerts(self.request))
            self._cached_state = self._build_state(collect())
        return self._cached_state

    def _build_state(self, collected: alerts_api.Collected) -> dict:
        """Request -> filters, the pure alert_page, its result -> the template's context."""
        request, history = self.request, collected.history
        form = forms.AlertFilterForm(request.GET, logic.severity_choices(
            collected.alerts, conf.get().severity_order))
        filters = form.cleaned_data if form.is_valid() else {}
        result = logic.alert_page(collected.alerts, logic.AlertQuery(
            states=filters.get('state') or (), severities=filters.get('severity') or (),
            label=filters.get('label'), group_by=filters.get('group') or '',
            page=_page_number(request), page_size=page_size(request)))
        return {
            'form': form, 'groups': result.groups, 'group_by': filters.get('group', ''),
            'page_alerts': [dataclasses.replace(
                alert, links=logic.resource_links(alert.labels, collected.hypervisors),
                history=history.by_alert.get(alert.fingerprint) if history else None)
                for alert in result.alerts],
            'history_names': _history_names(history),
            'total': result.total,
            'first': result.first, 'last': result.last,
            'prev_link': _page_link(request, result.page - 1) if result.page > 1 else '',
            'next_link': (_page_link(request, result.page + 1)
                          if result.page < result.pages else ''),
            'failures': collected.failures,
        }

    def get_alerts_data(self):
        return SimpleLazyObject(lambda: self._state()['page_alerts'])

    def get_failures(self):
        return self._state()['failures']

    def get_context_data(self, request, **kwargs):
        """Ask the backends now but wait for them only when the tab is rendered:
        meanwhile Horizon renders the page around it (stylesheets, header,
        sidebar, its Keystone project list)."""
        self._collecting = alerts_api.start_collecting_alerts(request)
        context = super().get_context_data(request, **kwargs)
        context['alerts'] = SimpleLazyObject(self._state)
        return context


class _BackendTableTab(_SourcesTab):
    """A tab listing one table of one kind of backend data, with its failures."""
    template_name = 'gencloud_ops_panel/alerts/_backend_tab.html'
    preload = False
    collect = None

    def _load(self):
        if not hasattr(self, '_loaded'):
            self._loaded = self.collect()
            self.failures.extend(self._loaded[1])
        return self._loaded[0]


class SilencesTab(_BackendTableTab):
    name = _('Silences')
    slug = 'silences'
    table_classes = (tables.SilencesTable,)
    collect = staticmethod(alerts_api.collect_silences)

    def get_silences_data(self):
        return self._load()


class RulesTab(_BackendTableTab):
    name = _('Rules')
    slug = 'rules'
    table_classes = (tables.RulesTable,)
    collect = staticmethod(alerts_api.collect_rules)

    def get_rules_data(self):
        return self._load()


class AlertTabs(tabs.TabGroup):
    slug = TAB_GROUP
    tabs = (AlertsTab, SilencesTab, RulesTab)
    sticky = True
