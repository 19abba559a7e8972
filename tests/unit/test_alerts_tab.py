"""The Alerts tab asks its sources when Horizon loads the tab's data but waits
for them only when the tab is rendered, so the page around it renders meanwhile."""
from __future__ import annotations

from django.test import RequestFactory

from gencloud_ops_panel.api import alerts as sources
from gencloud_ops_panel.dashboards.alerts import tables as alert_tables
from gencloud_ops_panel.dashboards.alerts import tabs
from gencloud_ops_panel.logic import alerts as alerting


class Admin:
    is_authenticated = True

    def has_perms(self, perms) -> bool:
        return True


def alert(number: int) -> alerting.Alert:
    return alerting.Alert(f'f{number}', {'alertname': f'A{number}', 'severity': 'critical'},
                          {}, alerting.FIRING, None)


def tab_for(query: dict) -> tabs.AlertsTab:
    request = RequestFactory().get('/admin/gencloud_alerts/', query)
    request.user, request.session = Admin(), {}
    return tabs.AlertTabs(request).get_tab('alerts')


def test_data_is_awaited_at_render_not_at_load(monkeypatch):
    events = []

    def start(request):
        events.append('sent')
        return lambda: events.append('awaited') or sources.Collected([alert(1)])

    monkeypatch.setattr(sources, 'start_collecting_alerts', start)
    tab = tab_for({})
    context = tab.get_context_data(tab.request)
    assert events == ['sent']
    assert context['alerts']['total'] == 1
    assert [a.name for a in context['table'].data] == ['A1']
    assert events == ['sent', 'awaited']


def test_page_size_follows_items_per_page_unless_set(monkeypatch, settings):
    collected = sources.Collected([alert(n) for n in range(30)])
    monkeypatch.setattr(sources, 'start_collecting_alerts', lambda request: lambda: collected)
    settings.GENCLOUD_ALERTS_PAGE_SIZE = None
    settings.API_RESULT_PAGE_SIZE = 20
    tab = tab_for({'page': '2'})
    state = tab.get_context_data(tab.request)['alerts']
    assert (state['first'], state['last'], state['total']) == (21, 30, 30)
    assert state['prev_link'] and not state['next_link']

    settings.GENCLOUD_ALERTS_PAGE_SIZE = 25
    tab = tab_for({'page': 'x'})
    state = tab.get_context_data(tab.request)['alerts']
    assert (state['first'], state['last']) == (1, 25) and 'page=2' in state['next_link']


def test_labels_link_to_the_resources_they_name(monkeypatch):
    server = '3f0b6c2e-4a1d-4c8e-9f2b-1a2b3c4d5e6f'
    labelled = alerting.Alert('f1', {'alertname': 'A', 'instance': server, 'hostname': 'gpu-1',
                                     'host': 'gone', 'tenant_id': 'x<y'}, {}, alerting.FIRING, None)
    collected = sources.Collected([labelled], hypervisors={'gpu-1': 'h1_gpu-1'})
    monkeypatch.setattr(sources, 'start_collecting_alerts', lambda request: lambda: collected)
    tab = tab_for({})
    [shown] = tab.get_context_data(tab.request)['table'].data
    cell = str(alert_tables.AlertsTable.base_columns['labels'].get_raw_data(shown))
    assert f'instance=<a href="/admin/instances/{server}/detail"' in cell
    assert 'hostname=<a href="/admin/hypervisors/h1_gpu-1/"' in cell
    assert 'host=gone' in cell and 'tenant_id=x&lt;y' in cell   # no link, escaped
