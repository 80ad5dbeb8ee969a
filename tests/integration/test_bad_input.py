"""Hostile and malformed requests: each gets a Confluent-style error body
({"error_code": int, "message": str}) and the server keeps serving afterwards.

Where Confluent 7.9's answer is known from the recorded corpus (reg-body, config-global,
subject-names, reg-content-type), the exact status and error code are asserted.
"""

from __future__ import annotations

import json
import socket
import time

import pytest

from tessera_process import HttpResponse, ServerPool, TesseraProcess

CT = "application/vnd.schemaregistry.v1+json"
LARGE_LIMIT = 8 * 1024 * 1024  # the shared server's body limit: big enough for every test below
SMALL_LIMIT = 1024
REQUEST_TIMEOUT_MS = 1000


@pytest.fixture(scope="module")
def server(tessera_binary, tmp_path_factory):
    """One server for the module: it must survive every test in turn."""
    pool = ServerPool(tessera_binary, tmp_path_factory.mktemp("bad-input"))
    try:
        yield pool.start(tessera__http__max__body__bytes=str(LARGE_LIMIT))
    finally:
        pool.stop_all()


@pytest.fixture(scope="module")
def small_server(tessera_binary, tmp_path_factory):
    """A server with a tiny request body limit (the smallest allowed) and a short request timeout."""
    pool = ServerPool(tessera_binary, tmp_path_factory.mktemp("small-limit"))
    try:
        yield pool.start(tessera__http__max__body__bytes=str(SMALL_LIMIT),
                         tessera__http__request__timeout__ms=str(REQUEST_TIMEOUT_MS))
    finally:
        pool.stop_all()


def assert_error(resp: HttpResponse, status: int | tuple[int, ...], code: int | None = None) -> dict:
    """A Confluent error body with the expected status; the code must fit the status
    (Confluent uses either the status itself or status*100+n)."""
    statuses = (status,) if isinstance(status, int) else status
    assert resp.status in statuses, f"status {resp.status}, body {resp.body[:300]!r}"
    assert_utf8(resp)
    try:
        body = resp.json()
    except ValueError:
        pytest.fail(f"error body is not JSON: {resp.body[:300]!r}")
    assert isinstance(body, dict) and set(body) == {"error_code", "message"}, body
    assert type(body["error_code"]) is int and isinstance(body["message"], str), body
    assert body["error_code"] in (resp.status,) or body["error_code"] // 100 == resp.status, body
    if code is not None:
        assert body["error_code"] == code, body
    return body


def assert_utf8(resp: HttpResponse) -> None:
    """Every body Tessera writes is UTF-8, whatever bytes the request carried."""
    try:
        resp.body.decode("utf-8")
    except UnicodeDecodeError:
        pytest.fail(f"response body is not UTF-8: {resp.body[:300]!r}")


def json_of(resp: HttpResponse):
    assert resp.status == 200, resp.body[:300]
    assert_utf8(resp)
    return resp.json()


def assert_serving(server: TesseraProcess) -> None:
    assert server.alive(), f"tessera exited with {server.proc.poll() if server.proc else '?'}"
    resp = server.request("GET", "/", timeout=5)
    assert resp.status == 200 and resp.json() == {}


def post(server: TesseraProcess, path: str, body: bytes, ct: str | None = CT, timeout: float = 30) -> HttpResponse:
    headers = {"Content-Type": ct} if ct else {}
    return server.request("POST", path, body, headers, timeout=timeout)


REGISTER = "/subjects/bad-input.a/versions"


# --- JSON bodies ----------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, code", [
    (b"{", 400, 400),
    (b'{"schema": ', 400, 400),
    (b"not json", 400, 400),
    (b'{"schema": "\\"string\\"",}', 400, 400),
    (b"[]", 400, 400),
    (b'"x"', 400, 400),
    (b"42", 400, 400),
    (b'{"schema": {"type": "string"}}', 400, 400),
    (b'{"schema": "\\"string\\"", "references": {}}', 400, 400),
    (b'{"schema": "\\"string\\"", "version": "x"}', 400, 400),
    (b"null", 422, 422),
    (b"", 422, 422),
    (b"   ", 422, 422),
    (b"{}", 422, 42201),
    (b'{"schema": 1}', 422, 42201),
    (b'{"schema": ""}', 422, 42201),
    (b'{"schema": "\\"string\\"", "schemaType": 5}', 422, 42201),
    (b'{"schema": "{\\"type\\": \\"recrod\\"}"}', 422, 42201),
])
def test_bad_register_bodies(server, body, status, code):
    assert_error(post(server, REGISTER, body), status, code)
    assert_serving(server)


@pytest.mark.parametrize("method, path, body, status, code", [
    ("PUT", "/config", b"{", 400, 400),
    ("PUT", "/config", b"[]", 400, 400),
    ("PUT", "/config", b'{"compatibility": "NOPE"}', 422, 42203),
    ("PUT", "/config", b'{"compatibility": 5}', 422, 42203),
    ("PUT", "/mode", b"{", 400, 400),
    ("PUT", "/mode", b'{"mode": "NOPE"}', 422, 42204),
    ("POST", "/compatibility/subjects/bad-input.a/versions", b"", 422, 422),
    ("POST", "/subjects/bad-input.a", b'"x"', 400, 400),
])
def test_bad_bodies_elsewhere(server, method, path, body, status, code):
    assert_error(server.request(method, path, body, {"Content-Type": CT}), status, code)
    assert_serving(server)


def test_unsupported_content_type(server):
    assert_error(post(server, REGISTER, b'{"schema": "\\"string\\""}', ct="text/plain"), 415, 415)
    assert_serving(server)


def test_unknown_path_and_method(server):
    assert_error(server.request("GET", "/nope"), 404, 404)
    assert_error(server.request("DELETE", "/mode"), 405, 405)
    assert_serving(server)


# --- encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    b'{"schema": "\xff\xfe"}',
    b'{"schema": "\\"string\\"", "x": "\xc3\x28"}',
    b"\xef\xbb\xbf\xff",
])
def test_non_utf8_body(server, body):
    assert_error(post(server, REGISTER, body), 400, 400)
    assert_serving(server)


@pytest.mark.parametrize("encoded", ["%FF", "%C3%28", "%E2%82"])
def test_non_utf8_subject(server, encoded):
    subject = f"bad-input.utf8{encoded}x"
    resp = post(server, f"/subjects/{subject}/versions", b'{"schema": "\\"string\\""}')
    assert_utf8(resp)
    if resp.status == 200:
        # Accepting is defensible (Jersey decodes invalid bytes to U+FFFD), but then the subject
        # must really exist, be listed, and read back through the same path.
        listed = [s for s in json_of(server.request("GET", "/subjects")) if s.startswith("bad-input.utf8")]
        assert len(listed) == 1, listed
        read = server.request("GET", f"/subjects/{subject}/versions")
        assert_utf8(read)
        assert read.status == 200 and read.json() == [1], read.body
        assert server.request("DELETE", f"/subjects/{subject}").status == 200
        assert server.request("DELETE", f"/subjects/{subject}?permanent=true").status == 200
    else:
        assert 400 <= resp.status < 500
        assert_error(resp, resp.status)
    assert_utf8(server.request("GET", f"/subjects/{subject}/versions"))
    assert_serving(server)


# --- subject names ------------------------------------------------------------------------

@pytest.mark.parametrize("ctrl", ["%00", "%01", "%09", "%0A", "%0D", "%1F", "%7F"])
def test_control_characters_in_subject(server, ctrl):
    subject = f"bad-input.ctl{ctrl}x"
    assert_error(post(server, f"/subjects/{subject}/versions", b'{"schema": "\\"string\\""}'), 422, 42208)
    assert_error(server.request("PUT", f"/config/{subject}", {"compatibility": "NONE"}), 422, 42208)
    assert_error(server.request("GET", f"/subjects/{subject}/versions"), 404, 40401)
    assert_serving(server)


def test_long_subject_names(server):
    # Confluent accepts a 300-character subject (recorded in subject-names).
    name = "bad-input.long-" + "a" * 285
    resp = post(server, f"/subjects/{name}/versions", b'{"schema": "\\"string\\""}')
    assert resp.status == 200, resp.text
    assert server.request("GET", f"/subjects/{name}/versions").json() == [1]
    # A 100 KiB request target is refused, with an error body, without harm.
    huge = "bad-input.huge-" + "b" * (100 * 1024)
    resp = post(server, f"/subjects/{huge}/versions", b'{"schema": "\\"string\\""}')
    assert 400 <= resp.status < 500
    assert_error(resp, resp.status)
    assert_serving(server)


# --- sizes and depth ----------------------------------------------------------------------

def test_body_over_limit_is_413(small_server):
    body = b'{"schema": "\\"string\\"", "pad": "' + b"x" * (4 * SMALL_LIMIT) + b'"}'
    assert_error(post(small_server, REGISTER, body), 413)
    assert_serving(small_server)
    # Just under the limit still works.
    assert post(small_server, REGISTER, b'{"schema": "\\"string\\""}').status == 200


def test_declared_huge_body_is_refused_before_it_arrives(small_server):
    head = (f"POST {REGISTER} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {CT}\r\n"
            f"Content-Length: {10 ** 12}\r\n\r\n").encode()
    resp = raw_exchange(small_server, head + b'{"schema": ', wait=5)
    assert resp.startswith(b"HTTP/1.1 413"), resp[:200]
    assert b'"error_code"' in resp
    assert_serving(small_server)


def test_chunked_body_over_limit_is_413(small_server):
    chunk = b'{"schema": "\\"string\\"", "pad": "' + b"y" * (2 * SMALL_LIMIT) + b'"}'
    head = (f"POST {REGISTER} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {CT}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    body = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n0\r\n\r\n"
    resp = raw_exchange(small_server, head + body, wait=5)
    assert resp.startswith(b"HTTP/1.1 413"), resp[:200]
    assert_serving(small_server)


@pytest.mark.parametrize("body", [
    b"[" * 100_000,
    b'{"schema": "\\"string\\"", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"schema": "\\"string\\"", "x": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"}",
])
def test_deeply_nested_json_body(server, body):
    resp = post(server, REGISTER, body)
    assert 400 <= resp.status < 500
    assert_error(resp, resp.status)
    assert_serving(server)


@pytest.mark.parametrize("schema", [
    "[" * 100_000 + "]" * 100_000,
    '{"type": ' * 100_000 + '"string"' + "}" * 100_000,
    '{"type": "array", "items": ' * 50_000 + '"int"' + "}" * 50_000,
])
def test_deeply_nested_schema_text(server, schema):
    resp = post(server, REGISTER, json.dumps({"schema": schema}).encode())
    assert 400 <= resp.status < 500
    assert_error(resp, resp.status)
    assert_serving(server)


# --- slow, partial and broken requests ----------------------------------------------------

def raw_exchange(server: TesseraProcess, data: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes and collect the response that comes back within `wait` seconds."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as s:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything
        return read_all(s, wait)


def read_all(s: socket.socket, wait: float) -> bytes:
    out = b""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        s.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if b"\r\n\r\n" in out and _complete(out):
            break
    return out


def _complete(resp: bytes) -> bool:
    head, _, body = resp.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def test_trickled_request_is_served(server):
    body = b'{"schema": "\\"string\\""}'
    req = (f"POST /subjects/bad-input.slow/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           f"Content-Type: {CT}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        for i in range(len(req)):
            s.sendall(req[i:i + 1])
            time.sleep(0.004)
        resp = read_all(s, 10)
    assert resp.startswith(b"HTTP/1.1 200"), resp[:200]
    assert_serving(server)


@pytest.mark.parametrize("partial", [
    b"POST /subjects/bad-input.partial/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
    (f"POST /subjects/bad-input.partial/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {CT}\r\n"
     "Content-Length: 1000\r\n\r\n{\"schema\": ").encode(),
    b"GET / HTTP/1.1\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS ClientHello on a plain port
])
def test_abandoned_requests_leave_no_trace(server, partial):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(partial)
    assert_serving(server)
    assert server.request("GET", "/subjects/bad-input.partial/versions").status == 404


@pytest.mark.parametrize("partial", [
    b"POST /subjects/x/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
    b"POST /subjects/x/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
])
def test_stalled_request_is_cut_off(small_server, partial):
    # tessera.http.request.timeout.ms bounds how long a slow client can hold a connection.
    with socket.create_connection(("127.0.0.1", small_server.port), timeout=10) as s:
        s.sendall(partial)
        started = time.monotonic()
        resp = read_all(s, 10)
        assert time.monotonic() - started < 5 * REQUEST_TIMEOUT_MS / 1000, "connection kept open"
    if resp:
        assert resp.startswith(b"HTTP/1.1 408"), resp[:200]
    assert_serving(small_server)


def test_stalled_connections_do_not_block_others(server):
    stalled = []
    try:
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"POST /subjects/x/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
            stalled.append(s)
        started = time.monotonic()
        assert_serving(server)
        assert time.monotonic() - started < 2.0
    finally:
        for s in stalled:
            s.close()
    assert_serving(server)


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    b"POST /subjects/x/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad Header: 1\r\n\r\n",
    b"POST /subjects/x/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
])
def test_malformed_http_gets_400_with_error_body(server, request_bytes):
    resp = raw_exchange(server, request_bytes)
    head, _, body = resp.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), resp[:200]
    assert b'"error_code"' in body and b'"message"' in body, resp[:300]
    assert_serving(server)


def test_raw_non_ascii_request_target(server):
    # Not percent-encoded: either the HTTP parser (400) or the subject rules (4xx) refuse it.
    resp = raw_exchange(server, b"GET /subjects/bad\xffname/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    head, _, body = resp.partition(b"\r\n\r\n")
    assert head[:10] == b"HTTP/1.1 4", resp[:200]
    assert b'"error_code"' in body and b'"message"' in body, resp[:300]
    assert_serving(server)
