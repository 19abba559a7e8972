from datetime import datetime, timezone

from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from horizon import tables

from gencloud_ops_panel.dashboards.rings import texts
from gencloud_ops_panel.logic import ring_health


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


def _swift_conf_md5(row):
    if not ring_health.has_data(row.report.answers.get('swiftconfmd5')):
        return _('not reported')
    return _('differs') if row.swift_conf_differs else _('matches')


def _answer(row, name: str) -> dict:
    answer = row.report.answers.get(name)
    return answer if isinstance(answer, dict) else {}


def _version(row):
    return _answer(row, 'version').get('version') or _('unknown')


def _clock(row):
    if 'time' not in row.report.answers:
        return _('unknown')
    return _('in sync') if row.skew is None else f'{row.skew:+.1f} s'


def _load(row):
    load = _answer(row, 'load')
    values = [load.get(key) for key in ('1m', '5m', '15m')]
    if not all(isinstance(value, (int, float)) for value in values):
        return _('unknown')
    return ' / '.join(f'{value:.2f}' for value in values)


def _sockets(row):
    sockets = _answer(row, 'sockstat')
    if not sockets:
        return _('unknown')
    return _('%(tcp_in_use)s in use, %(time_wait)s time-wait, %(orphan)s orphan') % {
        key: sockets.get(key, '?') for key in ('tcp_in_use', 'time_wait', 'orphan')}


_PASS_TEXT = {
    'auditor': _('auditor %(value)s s'), 'updater': _('updater %(value)s s'),
    'expirer': _('expirer %(value)s s'), 'async': _('%(value)s async pendings'),
    'driveaudit': _('%(value)s drive errors'),
}


def _passes(row):
    """swift-recon's auditor/updater/expirer/async/driveaudit lines for one server."""
    shown = []
    for name in ring_health.DAEMON_ANSWERS:
        if name not in row.report.answers:
            continue        # not asked of this server type, or no answer
        value = ring_health.last_pass(row.report, name)
        shown.append(_('%(what)s: no data yet') % {'what': texts.RECON_NAME_TEXT[name]}
                     if value is None else _PASS_TEXT[name] % {'value': round(value, 1)})
    return '; '.join(str(part) for part in shown)


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
    swift_conf_md5 = tables.Column(_swift_conf_md5, verbose_name=_('swift.conf md5'))
    version = tables.Column(_version, verbose_name=_('Swift version'))
    clock = tables.Column(_clock, verbose_name=_('Clock'))
    load = tables.Column(_load, verbose_name=_('Load (1/5/15 min)'))
    sockets = tables.Column(_sockets, verbose_name=_('TCP sockets'))
    unmounted = tables.Column(lambda row: ', '.join(row.unmounted),
                              verbose_name=_('Unmounted devices'))
    replication = tables.Column(_replication, verbose_name=_('Last replication'))
    passes = tables.Column(_passes, verbose_name=_('Last passes'))
    seconds = tables.Column(lambda row: f'{row.report.seconds * 1000:.0f} ms',
                            verbose_name=_('Answer time'))

    class Meta:
        name = 'nodes'
        verbose_name = _('Storage servers')

    def get_object_id(self, datum):
        return datum.report.address
