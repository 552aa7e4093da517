"""The HTTP server on a built folder: status codes, content types, the injected script."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from broadsheet.errors import ConfigError
from broadsheet.serve.livereload import Hub
from broadsheet.serve.server import DevServer, SiteSettings, bind, content_type, inject
from tests.conftest import write_tree

Fetch = Callable[..., tuple[int, dict[str, str], bytes]]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("outside\n")
    return write_tree(tmp_path / "_site", {
        "index.html": "<html><head><title>Front</title></head><body>front</body></html>",
        "404.html": "<html><head></head><body><h1>Lost?</h1></body></html>",
        "news/index.html": "<p>news</p>",
        "assets/main.css": "body { color: red }",
        "assets/app.js": "1",
        "assets/logo.svg": "<svg/>",
        "assets/photo.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 100,
        "assets/font.woff2": b"wOF2",
        "feed.xml": "<feed/>",
        "data.json": "{}",
    })


def start(settings: SiteSettings) -> Iterator[DevServer]:
    server = bind("127.0.0.1", 0, settings)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    if settings.hub:
        settings.hub.close()
    server.shutdown()
    server.server_close()
    thread.join(5)


def fetcher(server: DevServer) -> Fetch:
    def fetch(path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=5)
        connection.request(method, path)  # sent as written: http.client does not tidy paths
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    return fetch


@pytest.fixture
def fetch(root: Path) -> Iterator[Fetch]:
    for server in start(SiteSettings(root, "", Hub())):
        yield fetcher(server)


@pytest.fixture
def fetch_under_baseurl(root: Path) -> Iterator[Fetch]:
    for server in start(SiteSettings(root, "/paper", None)):
        yield fetcher(server)


@pytest.mark.parametrize(("path", "kind"), [
    ("/assets/main.css", "text/css; charset=utf-8"),
    ("/assets/app.js", "text/javascript; charset=utf-8"),
    ("/assets/logo.svg", "image/svg+xml; charset=utf-8"),
    ("/assets/photo.jpg", "image/jpeg"),
    ("/assets/font.woff2", "font/woff2"),
    ("/feed.xml", "application/xml; charset=utf-8"),
    ("/data.json", "application/json; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
])
def test_content_types(fetch: Fetch, path: str, kind: str) -> None:
    status, headers, _ = fetch(path)
    assert (status, headers["content-type"]) == (200, kind)


def test_content_type_of_unknown_files() -> None:
    assert content_type(Path("x.unknownext")) == "application/octet-stream"


def test_pages_get_the_live_reload_script_and_other_files_do_not(fetch: Fetch) -> None:
    _, headers, page = fetch("/")
    assert page.count(b"/__broadsheet/client.js") == 1
    assert page.index(b"client.js") < page.index(b"</head>")
    assert int(headers["content-length"]) == len(page)
    _, _, css = fetch("/assets/main.css")
    assert css == b"body { color: red }"
    status, headers, script = fetch("/__broadsheet/client.js")
    assert status == 200 and b"EventSource" in script


def test_injection_without_a_head() -> None:
    assert inject(b"<p>x</p></BODY>", b"<s>") == b"<p>x</p><s></BODY>"
    assert inject(b"<p>x</p>", b"<s>") == b"<p>x</p><s>"


def test_missing_pages_get_the_site_404_page(fetch: Fetch) -> None:
    status, headers, body = fetch("/no/such/page.html")
    assert status == 404 and b"<h1>Lost?</h1>" in body and b'data-page="/404.html"' in body
    assert headers["content-type"].startswith("text/html")


def test_folders_and_redirects(fetch: Fetch) -> None:
    assert fetch("/news/")[2].startswith(b"<p>news</p>")
    status, headers, _ = fetch("/news")
    assert (status, headers["location"]) == (302, "/news/")


def test_head_requests_have_no_body(fetch: Fetch) -> None:
    status, headers, body = fetch("/assets/main.css", "HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", "19")


@pytest.mark.parametrize("path", ["/../secret.txt", "/assets/../../secret.txt",
                                  "/..%2fsecret.txt", "/%2e%2e/secret.txt"])
def test_nothing_outside_the_destination(fetch: Fetch, path: str) -> None:
    status, _, body = fetch(path)
    assert status == 403 and b"outside" in body


def test_the_site_lives_under_its_baseurl(fetch_under_baseurl: Fetch) -> None:
    fetch = fetch_under_baseurl
    assert fetch("/paper/assets/main.css")[0] == 200
    assert fetch("/")[1]["location"] == "/paper/"
    status, _, body = fetch("/assets/main.css")
    assert status == 404 and b"Lost?" in body
    assert b"client.js" not in fetch("/paper/")[2]  # live reload off: nothing injected


def test_the_event_stream_says_hello(root: Path) -> None:
    hub = Hub()
    for server in start(SiteSettings(root, "", hub)):
        with socket.create_connection(server.server_address[:2], timeout=5) as raw:
            raw.sendall(b"GET /__broadsheet/events HTTP/1.1\r\nHost: x\r\n\r\n")
            received = b""
            while b"event: hello" not in received:
                received += raw.recv(4096)
            assert b"text/event-stream" in received
            hub.built(["index.html"], "")
            while b"event: change" not in received:
                received += raw.recv(4096)


def test_a_port_in_use_is_a_clear_error_with_a_hint(root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError) as caught:
            bind("127.0.0.1", port, SiteSettings(root, "", None))
    message = str(caught.value)
    assert f"port {port}" in message and "already in use" in message
    assert f"--port {port + 1}" in message
