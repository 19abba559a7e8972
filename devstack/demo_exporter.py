"""A stand-in for openstack-exporter, node-exporter and DCGM exporter on loopback.

GET /metrics serves Prometheus text; tests change a series with
POST /metrics and a body of exposition lines (`openstack_object_store_up 0`).
Run as `python -m devstack.demo_exporter PORT`.
"""
from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Healthy services, one project over its vCPU quota (NovaVCPUExhausted goes
# pending, then fires) and a controller short of memory (HighMemoryUsage fires
# ~10 s after start-up), so the demo has something to show; DCGM series for the
# demo's two vGPU-hosting GPUs on compute-2 (devstack/demo_data.py), one idle.
INITIAL = """\
openstack_object_store_up 1
openstack_identity_up 1
openstack_glance_up 1
openstack_placement_up 1
openstack_nova_limits_vcpus_used{tenant="demo",tenant_id="d3m0"} 14
openstack_nova_limits_vcpus_max{tenant="demo",tenant_id="d3m0"} 20
openstack_nova_limits_memory_used{tenant="demo",tenant_id="d3m0"} 8192
openstack_nova_limits_memory_max{tenant="demo",tenant_id="d3m0"} 51200
openstack_cinder_pool_capacity_free_gb{name="lvm@lvmdriver-1#lvmdriver-1"} 120
node_memory_MemTotal_bytes{node="controller"} 16000000000
node_memory_MemAvailable_bytes{node="controller"} 4000000000
DCGM_FI_DEV_GPU_UTIL{Hostname="compute-2",pci_bus_id="00000000:C1:00.0",gpu="0"} 63
DCGM_FI_DEV_FB_USED{Hostname="compute-2",pci_bus_id="00000000:C1:00.0",gpu="0"} 6144
DCGM_FI_DEV_GPU_UTIL{Hostname="compute-2",pci_bus_id="00000000:C2:00.0",gpu="1"} 1
DCGM_FI_DEV_FB_USED{Hostname="compute-2",pci_bus_id="00000000:C2:00.0",gpu="1"} 300
"""


def parse(text: str) -> dict[str, str]:
    """Exposition lines -> {series: value}; comments and blanks are skipped."""
    series = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            name, _, value = line.rpartition(' ')
            series[name.strip()] = value
    return series


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.series = parse(INITIAL)

    def render(self) -> bytes:
        with self.lock:
            return ''.join(f'{k} {v}\n' for k, v in self.series.items()).encode()

    def update(self, text: str) -> None:
        with self.lock:
            self.series.update(parse(text))


def make_handler(metrics: Metrics) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            body = metrics.render()
            self.send_response(200)
            self.send_header('Content-Type', 'text/plain; version=0.0.4')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 - http.server API
            length = int(self.headers.get('Content-Length') or 0)
            metrics.update(self.rfile.read(length).decode())
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    return Handler


def main(port: int) -> None:
    ThreadingHTTPServer(('127.0.0.1', port), make_handler(Metrics())).serve_forever()


if __name__ == '__main__':
    main(int(sys.argv[1]))
