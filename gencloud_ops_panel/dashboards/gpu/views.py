"""Admin > Operations > GPU: GPU flavors and GPU capacity."""
from __future__ import annotations

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions, forms, tabs

from gencloud_ops_panel.api import nova
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.dashboards.gpu import forms as gpu_forms
from gencloud_ops_panel.dashboards.gpu import tabs as gpu_tabs
from gencloud_ops_panel.logic import gpu

INDEX_URL = 'horizon:admin:gencloud_gpu:index'


class IndexView(tabs.TabbedTableView):
    tab_group_class = gpu_tabs.GPUTabs
    template_name = 'gencloud_ops_panel/gpu/index.html'
    page_title = _('GPU')

    def post(self, request, *args, **kwargs):
        """Keep the server-side filter in the session, as Horizon's DataTableView does."""
        self.load_tabs()
        table = self._table_dict['gpu_flavors']['table']
        self.handle_server_filter(request, table)
        return super().post(request, *args, **kwargs)


class CreateView(forms.ModalFormView):
    form_class = gpu_forms.CreateGPUFlavorForm
    form_id = 'create_gpu_flavor_form'
    template_name = 'gencloud_ops_panel/gpu/create.html'
    modal_header = page_title = _('Create GPU Flavor')
    submit_label = _('Create GPU Flavor')
    submit_url = reverse_lazy('horizon:admin:gencloud_gpu:create')
    success_url = reverse_lazy(INDEX_URL)


class EditCountView(forms.ModalFormView):
    form_class = gpu_forms.EditGPUCountForm
    form_id = 'edit_gpu_count_form'
    template_name = 'gencloud_ops_panel/gpu/edit_count.html'
    modal_header = page_title = _('Edit GPU Count')
    submit_label = _('Save')
    success_url = reverse_lazy(INDEX_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['submit_url'] = reverse('horizon:admin:gencloud_gpu:edit_count',
                                        args=[self.kwargs['flavor_id']])
        return context

    def get_initial(self):
        try:
            flavor = nova.get_flavor(self.request, self.kwargs['flavor_id'])
            requests = gpu.gpu_requests(flavor.get('extra_specs') or {},
                                              gpu_tabs.configured_aliases())
        except (BackendError, gpu.ConfigError) as exc:
            exceptions.handle(self.request, _('Unable to load the flavor: %s') % exc,
                              redirect=reverse(INDEX_URL))
        if len(requests) != 1:
            exceptions.handle(self.request, _('This flavor has no single GPU count to edit.'),
                              redirect=reverse(INDEX_URL))
        [request] = requests
        return {'flavor_id': flavor['id'], 'name': flavor['name'], 'key': request.key,
                'gpu': request.name, 'count': request.count}
