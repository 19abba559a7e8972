"""A tiny round-robin HTTP proxy on loopback, in front of several Horizon processes.

Every request goes to the next Horizon in turn, so a login whose steps land on
different processes is the normal case, as behind a real load balancer
without sticky sessions. Used by the scale-out tests and bench.
"""
from __future__ import annotations

import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

_HOP_BY_HOP = {'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization',
               'te', 'trailers', 'transfer-encoding', 'upgrade', 'content-encoding',
               'content-length'}


class RoundRobinProxy:
    def __init__(self, upstreams: list[str]) -> None:
        self.upstreams = upstreams
        self.hits = dict.fromkeys(upstreams, 0)
        self._next = itertools.cycle(upstreams)
        self._lock = threading.Lock()
        self._local = threading.local()
        self.server = ThreadingHTTPServer(('127.0.0.1', 0), self._handler())
        self.server.daemon_threads = True
        self.url = f'http://127.0.0.1:{self.server.server_address[1]}'

    def __enter__(self) -> RoundRobinProxy:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def pick(self) -> str:
        with self._lock:
            upstream = next(self._next)
            self.hits[upstream] += 1
            return upstream

    def session(self) -> requests.Session:
        if not hasattr(self._local, 'session'):
            self._local.session = requests.Session()
        return self._local.session

    def _handler(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in _HOP_BY_HOP}
                answer = proxy.session().request(
                    self.command, proxy.pick() + self.path, headers=headers, data=body,
                    allow_redirects=False, timeout=120)
                content = answer.content
                self.send_response(answer.status_code)
                for key, value in answer.raw.headers.items():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header('Content-Length', str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_HEAD = _forward

            def log_message(self, *args):
                pass

        return Handler
