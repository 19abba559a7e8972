"""Swift recon (`/recon/...` on every storage server), queried concurrently.

Each storage server is asked in its own worker thread, all at once. Inside a
worker the first request that fails to connect or times out ends that
server's questions, so a dead server costs one timeout, and the page waits
for the slowest server rather than the sum of them. The fan-out returns at
a deadline one timeout after it began, and every request stops there too, so
a worker that started late (busy pool, busy CPU) cannot stretch the page.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial

import requests

from gencloud_ops_panel import conf
from gencloud_ops_panel.api import base
from gencloud_ops_panel.logic import ring_summary as rs

# What `swift-recon --all` asks every server, as recon names its paths; the
# per-type ones are asked as /recon/<name>/<server type> (see recon_urls).
RECON_CHECKS = ('ringmd5', 'swiftconfmd5', 'diskusage', 'unmounted', 'quarantined',
                'time', 'version', 'load', 'sockstat', 'driveaudit')
TYPED_CHECKS = {'account': ('replication', 'auditor'),
                'container': ('replication', 'auditor', 'updater'),
                'object': ('replication', 'auditor', 'updater', 'expirer', 'async')}
# Recon serves these without a server type in the path.
_UNTYPED = ('async',)


@dataclass(frozen=True)
class Endpoint:
    address: str        # ip:port of the storage server, the key everywhere
    server_type: str    # account / container / object: picks TYPED_CHECKS


@dataclass
class NodeReport:
    endpoint: Endpoint
    reachable: bool = True
    error: str = ''                         # why it is unreachable
    answers: dict = field(default_factory=dict)     # recon name -> decoded JSON
    failed: dict = field(default_factory=dict)      # recon name -> error text
    # recon name -> (time.time() before the request, after the answer): the
    # window a node's clock (`time`) must fall in, as swift-recon checks it
    windows: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def address(self) -> str:
        return self.endpoint.address


def endpoints(rings: list[rs.RingSummary], extra: list[str] = ()) -> list[Endpoint]:
    """Every storage server named in the rings' device lists, plus EXTRA ('ip:port')."""
    found: dict[str, Endpoint] = {}
    for ring in rings:
        for dev in ring.devices:
            found.setdefault(dev.address, Endpoint(dev.address, ring.server_type))
    for address in extra:
        found.setdefault(address, Endpoint(address, 'object'))
    return list(found.values())


def recon_urls(endpoint: Endpoint) -> dict[str, str]:
    host, _, port = endpoint.address.rpartition(':')
    if ':' in host and not host.startswith('['):
        host = f'[{host}]'   # IPv6 device address
    base = f'http://{host}:{port}/recon/'
    return {**{name: base + name for name in RECON_CHECKS},
            **{name: base + (name if name in _UNTYPED else f'{name}/{endpoint.server_type}')
               for name in TYPED_CHECKS[endpoint.server_type]}}


def query_node(endpoint: Endpoint, timeout: float, deadline: float | None = None) -> NodeReport:
    """All recon answers of one storage server; stops at the first dead request."""
    report = NodeReport(endpoint)
    started = time.monotonic()
    deadline = started + timeout if deadline is None else deadline
    with requests.Session() as http:
        for name, url in recon_urls(endpoint).items():
            left = min(timeout, deadline - time.monotonic())
            if left <= 0:
                report.failed[name] = 'no time left'
                continue
            try:
                sent = time.time()
                answer = http.get(url, timeout=left)
                answer.raise_for_status()
                report.answers[name] = answer.json()
                report.windows[name] = (sent, time.time())
            except (requests.ConnectionError, requests.Timeout) as exc:
                report.reachable = False
                report.error = type(exc).__name__
                break
            except (requests.RequestException, ValueError) as exc:
                report.failed[name] = str(exc)[:200]
    report.seconds = time.monotonic() - started
    return report


def query_all(targets: list[Endpoint], timeout: float, workers: int) -> list[NodeReport]:
    """Ask every endpoint at once (up to WORKERS in flight); order follows TARGETS.

    Returns one timeout after the start at the latest: a server still busy
    then is reported unreachable, and its worker is left to finish alone.
    """
    if not targets:
        return []
    deadline = time.monotonic() + timeout
    outcomes = base.fan_out(
        {index: partial(query_node, endpoint, timeout, deadline)
         for index, endpoint in enumerate(targets)},
        workers=workers, deadline=deadline)
    return [_report(outcomes[index], endpoint, timeout)
            for index, endpoint in enumerate(targets)]


def _report(outcome: base.Outcome, endpoint: Endpoint, timeout: float) -> NodeReport:
    if not outcome.finished:
        return NodeReport(endpoint, reachable=False, error='Timeout', seconds=timeout)
    if outcome.error is not None:
        return NodeReport(endpoint, reachable=False, error=type(outcome.error).__name__)
    return outcome.value


def cluster_recon(rings: list[rs.RingSummary]) -> list[NodeReport]:
    """Recon of every storage server in RINGS and GENCLOUD_SWIFT_RECON_EXTRA_ENDPOINTS."""
    settings = conf.get()
    return query_all(endpoints(rings, settings.recon_extra_endpoints),
                     timeout=settings.recon_timeout, workers=settings.recon_workers)
