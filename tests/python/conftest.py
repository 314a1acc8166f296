"""A stdlib HTTP mock on 127.0.0.1: records every request, answers from a script of responses."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

import clerk_backend

# The plugin users enable the same way: the fixture `clerk_emulator` (an in-process emulator,
# shared by the session, reset before each test).
pytest_plugins = ["clerk_backend.testing"]

SECRET = "sk_test_python_secret_0123456789"
REPO = Path(__file__).resolve().parents[2]
# The reference docs (shared/reference beside the repository), when they are there.
DOCS = next(
    (
        p
        for p in (REPO.parent / "shared" / "reference" / "users-sdk-docs.txt", Path("/work/shared/reference/users-sdk-docs.txt"))
        if p.exists()
    ),
    None,
)


class Recorded:
    def __init__(self, method: str, path: str, query: str, headers: Dict[str, str], body: bytes) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Mock:
    """`responses` are served in order (the last one repeats); each is a dict with `status`,
    optional `headers`, `body` (JSON-serialisable, or raw bytes/str) and `delay` (seconds)."""

    def __init__(self) -> None:
        self.requests: List[Recorded] = []
        self.responses: List[Dict[str, Any]] = [{"status": 200, "body": {}}]
        self.lock = threading.Lock()
        mock = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
            # the client's delayed ACK add ~40 ms to every response.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                headers = {k.lower(): v for k, v in self.headers.items()}
                with mock.lock:
                    mock.requests.append(Recorded(self.command, path, query, headers, body))
                    index = min(len(mock.requests) - 1, len(mock.responses) - 1)
                    response = mock.responses[index]
                if response.get("delay"):
                    time.sleep(response["delay"])
                raw = response.get("body")
                if isinstance(raw, bytes):
                    data = raw
                elif isinstance(raw, str) and response.get("raw"):
                    data = raw.encode()
                else:
                    data = json.dumps(raw).encode()
                headers_out = {"content-type": "application/json"}
                headers_out.update({k.lower(): v for k, v in (response.get("headers") or {}).items()})
                try:
                    self.send_response(response["status"])
                    for name, value in headers_out.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.005,), daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def respond(self, *responses: Dict[str, Any]) -> None:
        with self.lock:
            self.responses = list(responses)
            self.requests = []

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def mock():
    server = Mock()
    yield server
    server.close()


@pytest.fixture
def clerk(mock):
    with clerk_backend.Clerk(bearer_auth=SECRET, server_url=mock.base, retry_config=None) as client:
        yield client


def free_port() -> int:
    """A port with nothing listening (connections to it are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def load_vectors() -> List[Dict[str, Any]]:
    files = sorted((REPO / "tests" / "vectors").glob("*.json"))
    return [json.loads(f.read_text()) for f in files]


def response_of(operation: str) -> Optional[Dict[str, Any]]:
    """The canned success response of the operation's first vector case."""
    path = REPO / "tests" / "vectors" / f"{operation}.json"
    if not path.exists():
        return None
    for case in json.loads(path.read_text())["cases"]:
        if 200 <= case["response"]["status"] < 300:
            return case["response"]
    return None
