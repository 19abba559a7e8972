from __future__ import annotations

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import forms, tabs

from gencloud_ops_panel import conf
from gencloud_ops_panel.dashboards.alerts import forms as alert_forms
from gencloud_ops_panel.dashboards.alerts import tabs as alert_tabs


class IndexView(tabs.TabbedTableView):
    """Alerts, silences and rules; an ajax GET with ?tab=… returns one tab (auto-refresh)."""
    tab_group_class = alert_tabs.AlertTabs
    template_name = 'gencloud_ops_panel/alerts/index.html'
    page_title = _('Alerts')

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['refresh_seconds'] = conf.get().refresh_seconds
        return context


class CreateSilenceView(forms.ModalFormView):
    form_class = alert_forms.CreateSilenceForm
    form_id = 'create_silence_form'
    modal_header = _('Create Silence')
    submit_label = _('Create Silence')
    submit_url = reverse_lazy('horizon:admin:gencloud_alerts:create_silence')
    template_name = 'gencloud_ops_panel/alerts/create_silence.html'
    page_title = _('Create Silence')

    def get_success_url(self) -> str:
        return (reverse('horizon:admin:gencloud_alerts:index')
                + f'?tab={alert_tabs.TAB_GROUP}__silences')

    def get_initial(self) -> dict:
        """Matchers prefilled from ?matcher=name=value (the alert row's labels)."""
        return {'matchers': '\n'.join(self.request.GET.getlist('matcher'))}
