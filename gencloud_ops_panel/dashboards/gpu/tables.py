"""GPU flavors and GPU capacity tables (Horizon DataTables over plain dicts)."""
from __future__ import annotations

from django.template import defaultfilters as filters
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import tables
from horizon.templatetags import sizeformat

from gencloud_ops_panel.api import nova
from gencloud_ops_panel.logic import gpu


class CreateGPUFlavor(tables.LinkAction):
    name = 'create'
    verbose_name = _('Create GPU Flavor')
    url = 'horizon:admin:gencloud_gpu:create'
    classes = ('ajax-modal',)
    icon = 'plus'
    policy_rules = (('compute', 'os_compute_api:os-flavor-manage:create'),)


class EditGPUCount(tables.LinkAction):
    name = 'edit_count'
    verbose_name = _('Edit GPU Count')
    url = 'horizon:admin:gencloud_gpu:edit_count'
    classes = ('ajax-modal',)
    icon = 'pencil'
    policy_rules = (('compute', 'os_compute_api:os-flavor-extra-specs:update'),)

    def allowed(self, request, datum=None):
        """Only a flavor asking for one (well-formed) GPU kind has one count to edit."""
        return datum is None or (len(datum['requests']) == 1 and datum['requests'][0].count > 0)

    def get_link_url(self, datum):
        return reverse(self.url, args=[datum['id']])


class DeleteGPUFlavor(tables.DeleteAction):
    policy_rules = (('compute', 'os_compute_api:os-flavor-manage:delete'),)

    @staticmethod
    def action_present(count):
        return ngettext_lazy('Delete GPU Flavor', 'Delete GPU Flavors', count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy('Deleted GPU Flavor', 'Deleted GPU Flavors', count)

    def delete(self, request, obj_id):
        nova.delete_flavor(request, obj_id)


class GPUFlavorFilterAction(tables.FilterAction):
    """Server-side filter like Horizon's flavor table (applied to the one list call)."""
    name = 'gpu_flavors_filter'
    filter_type = 'server'
    filter_choices = (
        ('name', _('Name ='), False),
        ('gpus', _('GPU Model ='), False),
        ('is_public', _('Is Public ='), False),
        ('min_disk', _('Minimum Root Disk (GB) ='), False),
        ('min_ram', _('Minimum RAM (MB) ='), False),
    )

    def filter(self, table, rows, filter_string):
        return gpu.filter_rows(rows, table.get_filter_field(), filter_string)


def _gpus(row: dict):
    if not row['unmapped']:
        return row['gpus']
    return format_html('{} <span class="label label-warning" title="{}">{}</span>', row['gpus'],
                       _('Not in GENCLOUD_GPU_ALIASES: %s') % ', '.join(row['unmapped']),
                       _('unmapped alias'))


def _ram(row: dict) -> str:
    return sizeformat.mb_float_format(row['ram'])


def _disk(row: dict) -> str:
    return _('%s GB') % row['disk']


def _servers(row: dict):
    return '-' if row['servers'] is None else row['servers']


def _fits(row: dict):
    if row['fits'] is None:
        return format_html('<span title="{}">{}</span>', _(
            'Needs Placement and every GPU alias of the flavor in GENCLOUD_GPU_ALIASES.'),
            _('unknown'))
    return row['fits']


class GPUFlavorsTable(tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_('Flavor Name'))
    vcpus = tables.Column('vcpus', verbose_name=_('vCPUs'))
    ram = tables.Column(_ram, verbose_name=_('RAM'), attrs={'data-type': 'size'})
    disk = tables.Column(_disk, verbose_name=_('Root Disk'), attrs={'data-type': 'size'})
    gpus = tables.Column(_gpus, verbose_name=_('GPU Model × Count'))
    public = tables.Column('is_public', verbose_name=_('Public'),
                           filters=(filters.yesno, filters.capfirst))
    servers = tables.Column(_servers, verbose_name=_('Servers'))
    fits = tables.Column(_fits, verbose_name=_('Fits Now'),
                         help_text=_('How many more instances of this flavor Placement '
                                     'can place now (GPUs, vCPUs, RAM and disk free per host).'))

    def get_object_id(self, datum):
        return datum['id']

    def get_object_display(self, datum):
        return datum['name']

    class Meta:
        name = 'gpu_flavors'
        verbose_name = _('GPU Flavors')
        table_actions = (GPUFlavorFilterAction, CreateGPUFlavor, DeleteGPUFlavor)
        row_actions = (EditGPUCount, DeleteGPUFlavor)


def _amount(key: str):
    def cell(row: dict):
        return _('unknown') if row[key] is None else row[key]
    cell.__name__ = key
    return cell


class GPUCapacityTable(tables.DataTable):
    host = tables.Column('host', verbose_name=_('Host'))
    model = tables.Column('model', verbose_name=_('GPU Model'))
    total = tables.Column(_amount('total'), verbose_name=_('Total'))
    allocated = tables.Column('allocated', verbose_name=_('Allocated'))
    free = tables.Column(_amount('free'), verbose_name=_('Free'))

    def get_object_id(self, datum):
        return f"{datum['host']}/{datum['model']}"

    class Meta:
        name = 'gpu_capacity'
        verbose_name = _('GPU Capacity')


def _holders(row: dict):
    if row['state'] == 'cleanup':
        return format_html('<span class="label label-warning gencloud-gpu-cleanup" title="{}">'
                           '{}</span>', _('One-time-use device: reserved after release until '
                                          'an operator cleans it and resets reserved to 0.'),
                           _('waiting for cleanup'))
    if row['state'] == 'free':
        return _('free')
    return format_html_join(', ', '{}', ((_holder(holder),) for holder in row['holders']))


def _holder(holder: dict):
    if holder['server'] is None:
        return format_html('<span title="{}">{}</span>', _('Not a server in Nova'),
                           holder['consumer'])
    return format_html('<a href="{}">{}</a> ({})',
                       reverse('horizon:admin:instances:detail', args=[holder['consumer']]),
                       holder['server'], _('project %s') % holder['project'])


def _utilization(row: dict):
    if row['utilization'] is None:
        return '-'
    text = _('%s %%') % f"{row['utilization']:g}"
    if not row['idle']:
        return text
    return format_html('{} <span class="label label-warning gencloud-gpu-idle">{}</span>',
                       text, _('allocated but idle'))


def _memory(row: dict) -> str:
    return '-' if row['memory_used'] is None else _('%s MiB') % f"{row['memory_used']:g}"


def _dcgm_note(row: dict) -> str:
    if not row['checked'] or row['utilization'] is not None:
        return ''
    if row['passthrough']:
        return _('No DCGM series: a passthrough GPU is visible to DCGM only inside the guest.')
    return _('No DCGM series for this GPU on its host.')


class GPUDevicesTable(tables.DataTable):
    host = tables.Column('host', verbose_name=_('Host'))
    device = tables.Column('device', verbose_name=_('Device'))
    model = tables.Column('model', verbose_name=_('GPU Model'))
    holders = tables.Column(_holders, verbose_name=_('Held By'))
    utilization = tables.Column(_utilization, verbose_name=_('Utilization'))
    memory = tables.Column(_memory, verbose_name=_('Memory Used'))
    note = tables.Column(_dcgm_note, verbose_name=_('Note'))

    def get_object_id(self, datum):
        return datum['id']

    class Meta:
        name = 'gpu_devices'
        verbose_name = _('GPU Devices')
