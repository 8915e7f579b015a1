"""Shared pytest fixtures."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real official files kept next to the repository (``../shared/data``), read in place."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent (see shared/data/SOURCES.md)")
    return SHARED_DATA


class LocalHTTPServer:
    """A real HTTP server on 127.0.0.1 for offline download tests.

    ``serve(path, body)`` registers a file; ``truncate_to=n`` announces the full length but
    sends only ``n`` bytes and closes the connection. ``handle(prefix, function)`` answers
    every path under ``prefix`` with ``function(path, query) -> (status, body, content_type)``.
    ``requests`` lists the paths (with query) asked for, in order.
    """

    def __init__(self):
        self.files: dict[str, tuple[bytes, int | None]] = {}
        self.handlers: dict[str, Callable] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server naming)
                server.requests.append(self.path)
                parts = urlsplit(self.path)
                if parts.path in server.files:
                    body, truncate_to = server.files[parts.path]
                    self._answer(200, body, "application/octet-stream", truncate_to)
                    return
                for prefix, function in server.handlers.items():
                    if parts.path.startswith(prefix):
                        self._answer(*function(parts.path, parse_qs(parts.query)))
                        return
                self._answer(404, b"not found", "text/plain")

            def _answer(self, status, body, content_type, truncate_to=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body if truncate_to is None else body[:truncate_to])
                self.wfile.flush()
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes, *, truncate_to: int | None = None) -> None:
        self.files[path] = (body, truncate_to)

    def handle(self, prefix: str, function: Callable) -> None:
        self.handlers[prefix] = function


@pytest.fixture
def http_server():
    """A :class:`LocalHTTPServer` running in a thread for the duration of one test."""
    server = LocalHTTPServer()
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
    thread.join()
