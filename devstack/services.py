"""Optional services of the local stack, by name, in start order.

Each entry is `start(stack: devstack.stack.Stack) -> None`; see devstack.stack.
"""
from __future__ import annotations

from collections.abc import Callable

from devstack import nova, placement, prometheus, swift

SERVICES: dict[str, Callable] = {}
SERVICES['nova'] = nova.start_service
SERVICES['placement'] = placement.start_service
SERVICES['swift'] = swift.start
SERVICES['prometheus'] = prometheus.start
