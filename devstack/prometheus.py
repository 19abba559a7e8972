"""Prometheus and Alertmanager (Debian packages) plus a demo exporter, on loopback.

Prometheus scrapes the demo exporter every second and evaluates the shipped
operators' rules (deploy/prometheus/openstack.rules.yml) and the stack's fast
test rules every second, and sends alerts to one Alertmanager (clustering
off). Tests flip exporter series with POST {exporter_url}/metrics.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from devstack import procs

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = [PROJECT_ROOT / 'deploy' / 'prometheus' / 'openstack.rules.yml',
              Path(__file__).with_name('prometheus_stack.rules.yml')]

# Critical alerts inhibit warnings of the same alert on the same instance
# (the operators' two CinderVolumeLow rules); receivers are not needed here.
ALERTMANAGER_CONFIG = {
    'route': {'receiver': 'null', 'group_by': ['alertname', 'instance'],
              'group_wait': '1s', 'group_interval': '1s', 'repeat_interval': '1h'},
    'receivers': [{'name': 'null'}],
    'inhibit_rules': [{'source_matchers': ['severity="critical"'],
                       'target_matchers': ['severity="warning"'],
                       'equal': ['alertname', 'instance']}],
}


def _serve(name: str, binary: str, args: list[str], port: int, log_dir: Path,
           detach: bool) -> tuple[procs.Proc, str]:
    """Run a Prometheus-family binary on 127.0.0.1:PORT until its /-/ready answers."""
    proc = procs.start(name, [shutil.which(binary) or f'/usr/bin/{binary}', *args,
                              f'--web.listen-address=127.0.0.1:{port}', '--log.level=warn'],
                       log_dir, detach=detach)
    url = f'http://127.0.0.1:{port}'
    procs.wait_http(url + '/-/ready', proc)
    return proc, url


def start_exporter(log_dir: Path, detach: bool) -> tuple[procs.Proc, str]:
    port = procs.free_port()
    proc = procs.start('demo-exporter', [sys.executable, '-m', 'devstack.demo_exporter',
                                         str(port)],
                       log_dir, env={'PYTHONPATH': str(PROJECT_ROOT)}, detach=detach)
    url = f'http://127.0.0.1:{port}'
    procs.wait_http(url + '/metrics', proc)
    return proc, url


def start_alertmanager(root: Path, log_dir: Path, detach: bool, name: str = 'alertmanager',
                       port: int | None = None) -> tuple[procs.Proc, str]:
    """Start (or restart, on PORT, with the silences kept in ROOT) an Alertmanager."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / 'alertmanager.yml'
    config.write_text(json.dumps(ALERTMANAGER_CONFIG))  # JSON is YAML
    return _serve(name, 'prometheus-alertmanager', [
        f'--config.file={config}', f'--storage.path={root / "data"}',
        '--cluster.listen-address='], port or procs.free_port(), log_dir, detach)


def start_prometheus(root: Path, log_dir: Path, detach: bool, targets: list[str],
                     alertmanagers: list[str]) -> tuple[procs.Proc, str]:
    root.mkdir(parents=True, exist_ok=True)
    config = root / 'prometheus.yml'
    config.write_text(json.dumps({
        'global': {'scrape_interval': '1s', 'evaluation_interval': '1s'},
        'alerting': {'alertmanagers': [{'static_configs': [
            {'targets': [url.removeprefix('http://') for url in alertmanagers]}]}]},
        'rule_files': [str(path) for path in RULE_FILES],
        'scrape_configs': [{'job_name': 'openstack_exporter', 'static_configs': [
            {'targets': [url.removeprefix('http://') for url in targets]}]}],
    }))
    return _serve('prometheus', 'prometheus', [
        f'--config.file={config}', f'--storage.tsdb.path={root / "data"}',
        # Re-send firing alerts every 2 s (default 1 min): a restarted
        # Alertmanager has them back at once.
        '--rules.alert.resend-delay=2s'], procs.free_port(), log_dir, detach)


def start(stack) -> None:
    """devstack.services entry: exporter, Alertmanager, Prometheus; panel settings."""
    root = stack.root / 'prometheus'
    exporter, exporter_url = start_exporter(stack.logs, stack.detach)
    stack.track(exporter)
    alertmanager, alertmanager_url = start_alertmanager(root / 'alertmanager', stack.logs,
                                                        stack.detach)
    stack.track(alertmanager)
    prometheus, prometheus_url = start_prometheus(root, stack.logs, stack.detach,
                                                  [exporter_url], [alertmanager_url])
    stack.track(prometheus)
    stack.info.update(exporter_url=exporter_url, alertmanager_url=alertmanager_url,
                      alertmanager_root=str(root / 'alertmanager'), prometheus_url=prometheus_url)
    stack.horizon_settings.update(GENCLOUD_PROMETHEUS_URLS=[prometheus_url],
                                  GENCLOUD_ALERTMANAGER_URLS=[alertmanager_url],
                                  GENCLOUD_ALERTS_TIMEOUT=2, GENCLOUD_ALERTS_BADGE_TIMEOUT=0.5)
