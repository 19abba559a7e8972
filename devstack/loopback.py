"""Tiny loopback HTTP servers for what a real service cannot do on demand
(garbage, errors, slowness, silence), shared by the unit tests and bench/."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = Callable[[str], tuple[int, bytes]]    # request path -> (status, body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True
    server: FakeServer

    def do_GET(self) -> None:
        self.server.on_request()
        time.sleep(self.server.delay)
        status, body = self.server.answer(self.path)
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class FakeServer(ThreadingHTTPServer):
    """Serves ANSWER on 127.0.0.1 (a free port) from a daemon thread until close()."""
    daemon_threads = True

    def __init__(self, answer: Answer, delay: float = 0.0,
                 on_request: Callable[[], object] = lambda: None) -> None:
        super().__init__(('127.0.0.1', 0), _Handler)
        self.answer, self.delay, self.on_request = answer, delay, on_request
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def address(self) -> str:
        return f'127.0.0.1:{self.server_address[1]}'

    @property
    def url(self) -> str:
        return f'http://{self.address}'

    def close(self) -> None:
        self.shutdown()
        self.server_close()


def serve(body: bytes, status: int = 200, **options) -> FakeServer:
    """The same answer to every GET (FakeServer's delay/on_request options)."""
    return FakeServer(lambda path: (status, body), **options)


class SilentServer:
    """Accepts connections and never answers: the worst kind of dead server."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(64)
        self.address = f'127.0.0.1:{self.sock.getsockname()[1]}'
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.sock.accept()[0])

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()
