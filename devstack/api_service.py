"""What the stack's OpenStack API services (Nova, Placement) share.

A service user and catalog entries in Keystone, keystonemiddleware config,
and serving the WSGI app with one single-threaded gunicorn worker (SQLite
locks under parallel writes).
"""
from __future__ import annotations

import textwrap
from pathlib import Path

from devstack import procs, seed

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def register_service(keystone_url: str, *, name: str, service_type: str, url: str,
                     password: str) -> None:
    """User NAME (admin + service in project `service`) and SERVICE_TYPE's endpoints."""
    kc = seed.admin_client(keystone_url)
    project = (kc.projects.list(name='service')
               or [kc.projects.create(name='service', domain='default')])[0]
    user = kc.users.create(name=name, domain='default', password=password,
                           default_project=project)
    for role in ('admin', 'service'):
        kc.roles.grant(kc.roles.list(name=role)[0], user=user, project=project)
    service = kc.services.create(name=name, type=service_type)
    for interface in ('public', 'internal', 'admin'):
        kc.endpoints.create(service=service, url=url, interface=interface, region='RegionOne')


def authtoken_section(keystone_url: str, username: str, password: str) -> str:
    """keystonemiddleware config validating tokens over the public endpoint."""
    auth_base = keystone_url.rsplit('/v3', 1)[0]
    return textwrap.dedent(f"""\
        [keystone_authtoken]
        www_authenticate_uri = {auth_base}
        auth_url = {auth_base}
        auth_type = password
        interface = public
        project_domain_name = Default
        user_domain_name = Default
        project_name = service
        username = {username}
        password = {password}
        """)


def serve(name: str, app: str, port: int, log_dir: Path, env: dict,
          detach: bool = False) -> procs.Proc:
    """gunicorn APP on 127.0.0.1:PORT; returns once it answers HTTP."""
    proc = procs.start(
        name,
        [str(procs.SERVICES_BIN_DIR / 'gunicorn'), '--no-control-socket', '-w', '1', '--threads', '1',
         '--timeout', '120', '--bind', f'127.0.0.1:{port}', app],
        log_dir, env={**env, 'PYTHONPATH': str(PROJECT_ROOT)}, detach=detach)
    procs.wait_http(f'http://127.0.0.1:{port}/', proc, timeout=120)
    return proc
