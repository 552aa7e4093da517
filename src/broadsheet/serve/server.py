"""The HTTP side of the dev server: files of the built site, as a browser expects them.

Built on the standard library's threading HTTP server: one thread per connection is
plenty for one writer's browser tabs, and it can hold the long-lived event streams of
live reload open without an event loop. Every page is read from disk per request, so a
rebuild (which swaps the whole destination folder) shows on the next request.

When live reload is on, each HTML response gets one ``<script>`` tag before ``</head>``;
the script and the error overlay's stylesheet are served from ``/__broadsheet/``, a
path no Jekyll site writes to.
"""

from __future__ import annotations

import errno
import html
import os
import re
import shutil
import socket
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from .livereload import Hub
from .paths import Outcome, resolve

INTERNAL = "/__broadsheet/"
EVENTS_PATH = INTERNAL + "events"
ASSETS = {"client.js": "text/javascript; charset=utf-8",
          "overlay.css": "text/css; charset=utf-8"}

# Fixed here rather than read from /etc/mime.types, which a slim Debian image lacks.
CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
    ".map": "application/json", ".xml": "application/xml", ".rss": "application/rss+xml",
    ".atom": "application/atom+xml", ".txt": "text/plain", ".md": "text/markdown",
    ".csv": "text/csv", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
    ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
    ".otf": "font/otf", ".pdf": "application/pdf", ".mp4": "video/mp4", ".webm": "video/webm",
    ".mp3": "audio/mpeg", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/rss+xml",
              "application/atom+xml", "image/svg+xml", "application/manifest+json")
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def content_type(path: Path) -> str:
    kind = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def inject(html: bytes, tag: bytes) -> bytes:
    """Put ``tag`` before ``</head>``, else before ``</body>``, else at the end."""
    for pattern in (HEAD_END, BODY_END):
        found = pattern.search(html)
        if found:
            return html[: found.start()] + tag + html[found.start():]
    return html + tag


@dataclass
class SiteSettings:
    """What the request handler needs to know; shared by all its threads."""

    root: Path
    baseurl: str
    hub: Hub | None = None  # None: live reload is off
    events_port: int | None = None  # a separate --livereload-port, or the same server


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], settings: SiteSettings, events_only: bool
                 = False):
        self.settings = settings
        self.events_only = events_only
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, SiteHandler)


def bind(host: str, port: int, settings: SiteSettings, events_only: bool = False) -> DevServer:
    """Open the listening socket now, so a busy port is reported before any build."""
    try:
        return DevServer((host, port), settings, events_only)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            flag = "--livereload-port" if events_only else "--port"
            raise ConfigError(
                f"port {port} on {host} is already in use, perhaps by another "
                f"'broadsheet serve' or 'jekyll serve'; stop it, or choose another port "
                f"with {flag} {port + 1}") from err
        if err.errno in (errno.EADDRNOTAVAIL, errno.EACCES):
            raise ConfigError(f"cannot listen on {host}:{port}: {err.strerror}") from err
        raise


class SiteHandler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"
    server_version = "broadsheet-serve"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: a writer watches the terminal for build messages, not requests."""

    def _answer(self, send_body: bool) -> None:
        path = self.path.split("?", 1)[0]
        settings = self.server.settings
        if path == EVENTS_PATH and settings.hub is not None:
            self._stream_events(settings.hub)
        elif self.server.events_only:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", send_body)
        elif path.startswith(INTERNAL) and path[len(INTERNAL):] in ASSETS:
            name = path[len(INTERNAL):]
            data = resources.files(__package__).joinpath(name).read_bytes()
            self._send(HTTPStatus.OK, data, ASSETS[name], send_body)
        else:
            self._serve_site(settings, send_body)

    def _serve_site(self, settings: SiteSettings, send_body: bool) -> None:
        build = settings.hub.build if settings.hub else 0  # read before the file: see client.js
        found = resolve(settings.root, settings.baseurl, self.path)
        if found.outcome is Outcome.REDIRECT:
            self.send_response(HTTPStatus.FOUND)  # not 301: browsers would keep it forever
            self.send_header("Location", found.location or "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif found.outcome is Outcome.FORBIDDEN:
            self._send(HTTPStatus.FORBIDDEN, b"forbidden: outside the site\n", "text/plain",
                       send_body)
        elif found.outcome is Outcome.FILE and found.path is not None:
            self._send_file(HTTPStatus.OK, found.path, build, send_body)
        else:
            self._not_found(settings, build, send_body)

    def _not_found(self, settings: SiteSettings, build: int, send_body: bool) -> None:
        page = settings.root / "404.html"
        if page.is_file():
            self._send_file(HTTPStatus.NOT_FOUND, page, build, send_body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"<!doctype html><title>Not found</title>"
                       b"<h1>Not found</h1>", "text/html", send_body)

    def _send_file(self, status: HTTPStatus, path: Path, build: int, send_body: bool) -> None:
        kind = content_type(path)
        try:
            if kind.startswith("text/html"):
                self._send(status, path.read_bytes(), kind, send_body, build, self._url_of(path))
                return
            with open(path, "rb") as handle:
                self._start(status, kind, os.fstat(handle.fileno()).st_size)
                if send_body:
                    shutil.copyfileobj(handle, self.wfile)
        except FileNotFoundError:  # removed by a rebuild between the lookup and now
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", send_body)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool,
              build: int = 0, page: str = "") -> None:
        if kind.startswith("text/html"):
            body = inject(body, self._script_tag(build, page))
        if "charset" not in kind and kind.startswith("text/"):
            kind += "; charset=utf-8"
        self._start(status, kind, len(body))
        if send_body:
            self.wfile.write(body)

    def _start(self, status: HTTPStatus, kind: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def _url_of(self, path: Path) -> str:
        """The URL of a served file, which for the 404 page is not the address asked for."""
        settings = self.server.settings
        relative = os.path.relpath(path, os.path.realpath(settings.root))
        return f"{settings.baseurl}/{Path(relative).as_posix()}"

    def _script_tag(self, build: int, page: str) -> bytes:
        """``data-page``: the file's URL, so the page knows when its own file changed."""
        settings = self.server.settings
        if settings.hub is None:
            return b""
        events = EVENTS_PATH
        if settings.events_port is not None:
            host = (self.headers.get("Host") or "localhost").rsplit(":", 1)[0]
            events = f"//{host}:{settings.events_port}{EVENTS_PATH}"
        return (f'<script src="{INTERNAL}client.js" data-build="{build}" '
                f'data-page="{html.escape(page)}" data-events="{events}" defer>'
                f'</script>').encode()

    def _stream_events(self, hub: Hub) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for message in hub.listen():
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away
