"""Every check code and directory error turns into a sentence with its parameters."""
from __future__ import annotations

import django
from django.conf import settings

from gencloud_ops_panel.dashboards.rings import texts
from gencloud_ops_panel.logic import ring_health

if not settings.configured:     # no Horizon needed: gettext only
    settings.configure(USE_I18N=True)
    django.setup()

PARAMS = {'file': 'object.ring.gz', 'detail': 'boom', 'replicas': 3, 'devices': 2, 'zones': 1,
          'balance': 5.0, 'limit': 1.0, 'address': '127.0.0.1:6200', 'error': 'Timeout',
          'checks': 'diskusage', 'addresses': '127.0.0.1:6201', 'device': 'sdb1',
          'usage': 91.0, 'hours': 30.0, 'path': '/etc/swift',
          'nodes': '127.0.0.1:6200 (3)', 'jitter': 1.0, 'versions': '2.38.3: 127.0.0.1:6200',
          'what': 'auditor'}


def test_every_check_sentence_formats():
    for code in texts.CHECK_TEXT:
        check = ring_health.Check('warning', code, dict(PARAMS), 'object')
        shown = texts.describe(check)
        assert shown['label'] == 'Warning' and '%(' not in shown['text'], code


def test_incompatible_file_names_the_swift_version_here():
    text = texts.describe(ring_health.Check('danger', 'file-incompatible', dict(PARAMS)))['text']
    assert 'newer Swift' in text and '(2.' in text


def test_every_directory_error_formats():
    for code, text in texts.DIRECTORY_ERROR_TEXT.items():
        assert '%(' not in str(text % PARAMS), code


def test_no_data_names_the_daemon_with_a_translated_word():
    check = ring_health.Check('info', 'no-data', {'what': 'expirer', 'addresses': 'a:1'})
    assert 'No expirer data yet from a:1' in texts.describe(check)['text']
