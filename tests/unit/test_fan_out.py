"""api.base.FanOut: the one fan-out of the Operations panels (alerts, recon, Placement)."""
from __future__ import annotations

import threading
import time

import pytest

from gencloud_ops_panel.api import base


def test_outcomes_keep_the_calls_order_values_and_errors():
    def fails():
        raise base.BackendError('no answer', url='http://x')

    outcomes = base.fan_out({'b': lambda: 2, 'a': fails, 'c': lambda: 3}, workers=2)
    assert list(outcomes) == ['b', 'a', 'c']
    assert (outcomes['b'].get(), outcomes['c'].value) == (2, 3)
    with pytest.raises(base.BackendError, match='http://x: no answer'):
        outcomes['a'].get()
    assert outcomes['a'].error.reason == 'no answer'


def test_calls_start_when_sent_not_when_collected():
    started = threading.Event()
    fan = base.FanOut({'one': started.set})
    assert started.wait(5)
    assert fan.outcomes()['one'].finished


def test_a_deadline_abandons_late_workers():
    release = threading.Event()
    begun = time.monotonic()
    outcomes = base.fan_out({'slow': lambda: release.wait(5), 'quick': lambda: 'ok'},
                            workers=2, deadline=time.monotonic() + 0.2)
    release.set()
    assert time.monotonic() - begun < 2
    assert not outcomes['slow'].finished and outcomes['quick'].get() == 'ok'
