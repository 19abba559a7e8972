from datetime import datetime, timezone

from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from horizon import tables


def _percent(value):
    return '' if value is None else f'{value:.1f}%'


def _balance(row):
    return _('n/a') if row.dev.balance is None else f'{row.dev.balance:.2f}'


def _disk(row):
    state = row.state
    if not state.reachable:
        return _('node unreachable')
    if state.mounted is False:
        return _('unmounted')
    return _percent(state.usage_percent) or _('unknown')


class DevicesTable(tables.DataTable):
    """`swift-ring-builder` device list plus what recon says about each device."""
    id = tables.Column(lambda row: row.dev.id, verbose_name=_('ID'))
    region = tables.Column(lambda row: row.dev.region, verbose_name=_('Region'))
    zone = tables.Column(lambda row: row.dev.zone, verbose_name=_('Zone'))
    address = tables.Column(lambda row: row.dev.address, verbose_name=_('IP:port'))
    replication = tables.Column(lambda row: row.dev.replication_address,
                                verbose_name=_('Replication IP:port'))
    device = tables.Column(lambda row: row.dev.device, verbose_name=_('Device'))
    weight = tables.Column(lambda row: f'{row.dev.weight:.2f}', verbose_name=_('Weight'))
    partitions = tables.Column(lambda row: row.dev.partitions, verbose_name=_('Partitions'))
    balance = tables.Column(_balance, verbose_name=_('Balance'))
    flags = tables.Column(lambda row: ' '.join(row.dev.flags), verbose_name=_('Flags'))
    disk = tables.Column(_disk, verbose_name=_('Disk used'))

    class Meta:
        name = 'devices'
        verbose_name = _('Devices')

    def get_object_id(self, datum):
        return str(datum.dev.id)


def devices_table(request, ring_name: str, rows) -> DevicesTable:
    """A DevicesTable with a name of its own: one per ring tab on the same page."""
    meta = type('Meta', (DevicesTable.Meta,), {'name': f'devices_{ring_name}'})
    table_class = type(f'DevicesTable_{ring_name}', (DevicesTable,), {'Meta': meta})
    return table_class(request, data=rows)


def _node_status(row):
    return _('reachable') if row.report.reachable else _('unreachable')


def _ring_md5(row):
    if not row.report.reachable or 'ringmd5' not in row.report.answers:
        return _('unknown')
    return _('differs') if row.md5_differs else _('matches')


def _replication(row):
    if row.replication_last is None:
        return _('not reported')
    age = timesince(datetime.fromtimestamp(row.replication_last, tz=timezone.utc))
    return _('%(age)s ago') % {'age': age}


class NodesTable(tables.DataTable):
    """One row per storage server that recon was asked."""
    address = tables.Column(lambda row: row.report.address, verbose_name=_('Server (IP:port)'))
    server_type = tables.Column(lambda row: row.report.endpoint.server_type,
                                verbose_name=_('Type'))
    status = tables.Column(_node_status, verbose_name=_('Recon'))
    ring_md5 = tables.Column(_ring_md5, verbose_name=_('Ring md5'))
    unmounted = tables.Column(lambda row: ', '.join(row.unmounted),
                              verbose_name=_('Unmounted devices'))
    replication = tables.Column(_replication, verbose_name=_('Last replication'))
    seconds = tables.Column(lambda row: f'{row.report.seconds * 1000:.0f} ms',
                            verbose_name=_('Answer time'))

    class Meta:
        name = 'nodes'
        verbose_name = _('Storage servers')

    def get_object_id(self, datum):
        return datum.report.address
