"""Translated sentences for the codes that ring_health and swift_rings return."""
from django.utils.translation import gettext_lazy as _

from gencloud_ops_panel.api import swift_rings

CHECK_TEXT = {
    'file-unreadable': _('%(file)s cannot be read: %(detail)s'),
    'file-incompatible': _('%(file)s was written by a newer Swift than the one on this '
                           'host (%(swift)s); upgrade Swift here to read it. %(detail)s'),
    'file-corrupted': _('%(file)s is damaged or is not a Swift ring file: %(detail)s'),
    'replicas-over-devices': _('%(replicas)s replicas but only %(devices)s devices with '
                               'weight: some replicas have nowhere to go'),
    'replicas-over-zones': _('%(replicas)s replicas but only %(zones)s zones: '
                             'replicas of a partition share a zone'),
    'balance': _('Balance %(balance)s%% is above %(limit)s%%: rebalance the ring'),
    'zero-weight': _('Devices with weight 0: %(devices)s'),
    'ring-obsolete': _('The ring file differs from its builder: write the ring and '
                       'copy it to every node'),
    'ring-missing': _('No ring file next to the builder: rebalance or write_ring'),
    'unreachable': _('%(address)s does not answer recon (%(error)s)'),
    'recon-failed': _('%(address)s gave no usable recon answer for: %(checks)s'),
    'md5-mismatch': _('%(file)s on %(addresses)s differs from the copy on this host'),
    'unmounted': _('Device %(device)s on %(address)s is not mounted'),
    'disk-usage': _('Device %(device)s on %(address)s is %(usage)s%% full '
                    '(limit %(limit)s%%)'),
    'replication-stale': _('Last replication on %(address)s finished %(hours)s hours ago'),
    'replication-unknown': _('No replication pass reported yet by %(addresses)s'),
    'async-pending': _('Async pendings above %(limit)s (object updates waiting for a '
                       'container server): %(nodes)s'),
    'quarantined': _('Quarantined objects, containers or accounts: %(nodes)s'),
    'clock-skew': _('Clock off by more than %(jitter)s s from this host: %(nodes)s'),
    'version-mismatch': _('Storage servers run different Swift versions: %(versions)s'),
    'load': _('5-minute load average above %(limit)s: %(nodes)s'),
    'auditor-failures': _('The auditor found failures in its last pass: %(nodes)s'),
    'drive-errors': _('swift-drive-audit found drive errors: %(nodes)s'),
    'swiftconf-unknown': _('No swift.conf md5 from %(addresses)s: recon there cannot '
                           'read its swift.conf'),
    'no-data': _('No %(what)s data yet from %(addresses)s: normal until the daemon '
                 'finishes its first pass'),
}

# The `what` of a 'no-data' check: recon names from ring_health.DAEMON_ANSWERS.
RECON_NAME_TEXT = {
    'async': _('async pending'), 'auditor': _('auditor'), 'updater': _('updater'),
    'expirer': _('expirer'), 'driveaudit': _('drive audit'),
}

DIRECTORY_ERROR_TEXT = {
    'swift-missing': _('Swift is not installed on this Horizon host, so rings cannot be '
                       'read: pip install "gencloud-horizon[swift]"'),
    'dir-missing': _('The Swift directory %(path)s does not exist: set GENCLOUD_SWIFT_DIR'),
    'dir-unreadable': _('The Swift directory %(path)s cannot be read: %(detail)s'),
    'no-rings': _('No .builder or .ring.gz files in %(path)s'),
}

RING_FILE_STATUS_TEXT = {
    'up-to-date': _('up to date'),
    'obsolete': _('obsolete (differs from the builder)'),
    'missing': _('missing'),
    'invalid': _('unreadable'),
    'not-checked': _('not available (no builder)'),
}

LEVEL_TEXT = {
    'ok': _('OK'), 'info': _('Info'), 'warning': _('Warning'), 'danger': _('Error'),
}


def describe(check) -> dict:
    """A ring_health.Check as the templates show it: level, label, translated sentence."""
    params = {**check.params, 'swift': swift_rings.swift_version() or '?'}
    if 'what' in params:
        params['what'] = RECON_NAME_TEXT[params['what']]
    return {'level': check.level, 'label': LEVEL_TEXT[check.level],
            'ring': check.ring, 'text': CHECK_TEXT[check.code] % params}
