"""Create a GPU flavor / change its GPU count.

Input is validated here, not left to Nova: Nova validates extra specs only
from microversion 2.86 and never checks that an alias exists in its
`[pci] alias`. Nova's own error text is shown when it still refuses.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from horizon import forms, messages
from openstack_dashboard import api as horizon_api

from gencloud_ops_panel.api import nova
from gencloud_ops_panel.api.base import BackendError
from gencloud_ops_panel.dashboards.gpu.tabs import configured_aliases
from gencloud_ops_panel.logic import gpu as gpu_logic

MAX_GPUS = 16


def _count_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_('GPU Count'), min_value=1, max_value=MAX_GPUS, **kwargs)


class CreateGPUFlavorForm(forms.SelfHandlingForm):
    name = forms.CharField(label=_('Name'), max_length=255)
    vcpus = forms.IntegerField(label=_('vCPUs'), min_value=1, max_value=4096)
    ram = forms.IntegerField(label=_('RAM (MB)'), min_value=1)
    disk = forms.IntegerField(label=_('Root Disk (GB)'), min_value=0)
    alias = forms.ChoiceField(label=_('GPU'), help_text=_('Aliases from GENCLOUD_GPU_ALIASES.'))
    count = _count_field(initial=1)
    is_public = forms.BooleanField(label=_('Public'), required=False, initial=True)
    projects = forms.MultipleChoiceField(
        label=_('Projects with access'), required=False,
        help_text=_('Only for a private flavor.'))

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        try:
            aliases = configured_aliases()
        except gpu_logic.ConfigError as exc:
            aliases = {}
            messages.error(request, str(exc))
        self.fields['alias'].choices = [(a.alias, f'{a.model} ({a.alias})')
                                        for a in aliases.values()]
        self.fields['projects'].choices = self._projects(request)

    @staticmethod
    def _projects(request) -> list[tuple[str, str]]:
        try:
            projects, _more = horizon_api.keystone.tenant_list(request)
        except Exception:  # Keystone failing only empties the choice
            messages.warning(request, _('Unable to list projects for flavor access.'))
            return []
        return sorted(((p.id, p.name) for p in projects), key=lambda item: item[1])

    def clean(self):
        data = super().clean()
        if data.get('is_public') and data.get('projects'):
            self.add_error('projects', _('A public flavor is open to every project; '
                                         'clear Public to limit access.'))
        return data

    def handle(self, request, data):
        spec = gpu_logic.format_alias_spec([(data['alias'], data['count'])])
        try:
            flavor = nova.create_flavor(
                request, name=data['name'], vcpus=data['vcpus'], ram=data['ram'],
                disk=data['disk'], extra_specs={gpu_logic.PCI_ALIAS_KEY: spec},
                is_public=data['is_public'], projects=data['projects'])
        except BackendError as exc:
            self.api_error(_('Nova refused the flavor: %s') % exc)
            return False
        messages.success(request, _('Created GPU flavor "%s".') % flavor['name'])
        return flavor


class EditGPUCountForm(forms.SelfHandlingForm):
    flavor_id = forms.CharField(widget=forms.HiddenInput())
    key = forms.CharField(widget=forms.HiddenInput())
    gpu = forms.CharField(widget=forms.HiddenInput())
    name = forms.CharField(label=_('Flavor'), required=False,
                           widget=forms.TextInput(attrs={'readonly': 'readonly'}))
    count = _count_field()

    def clean(self):
        """The hidden key must still be a GPU extra spec (it comes from the browser)."""
        data = super().clean()
        if 'count' in data:
            if data['key'] == gpu_logic.PCI_ALIAS_KEY:
                data['value'] = gpu_logic.format_alias_spec([(data['gpu'], data['count'])])
            else:
                data['value'] = str(data['count'])
            try:
                aliases = configured_aliases()
            except gpu_logic.ConfigError as exc:
                raise forms.ValidationError(str(exc)) from exc
            if not gpu_logic.gpu_requests({data['key']: data['value']}, aliases):
                raise forms.ValidationError(_('%s is not a GPU extra spec.') % data['key'])
        return data

    def handle(self, request, data):
        try:
            nova.set_extra_specs(request, data['flavor_id'], {data['key']: data['value']},
                                 nova.write_version(request))
        except BackendError as exc:
            self.api_error(_('Nova refused the change: %s') % exc)
            return False
        messages.success(request, _('GPU count of "%(name)s" is now %(count)s.') % data)
        return True
