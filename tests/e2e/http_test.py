#!/usr/bin/python3
"""End-to-end tests of the HTTP layer (src/http) against a real `sqlacc serve` process.

Usage: http_test.py /path/to/sqlacc [unittest args...]

Each server gets a fresh temporary data directory (removed at the end) and listens on a free port
(`--listen 127.0.0.1:0`; the port is read from the "listening on" line). Everything goes over real
sockets with the standard library only: keep-alive, pipelining, request ids, the 431/413/400 limits,
idle, first-byte and read timeouts (slow-loris), the connection cap, UTF-8 in every JSON answer,
graceful shutdown on SIGTERM, TLS, and the access log. The few signed requests are signed with
Debian's python3-botocore (those tests skip when it is missing).
"""
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SQLACC = None  # set from argv[1]
READ_TIMEOUT = 2  # seconds, passed as --read-timeout to the main server
IDLE_TIMEOUT = 3  # seconds, passed as --idle-timeout
ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
LISTEN_RE = re.compile(r"listening on (https?)://(\S+?):(\d+)")


class Server:
    """One `sqlacc serve` process with its own data dir; stdout/stderr go to files we can grep."""

    def __init__(self, root, name, extra_args=()):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        self.data = os.path.join(self.dir, "data")
        self.out_path = os.path.join(self.dir, "stdout.log")
        self.err_path = os.path.join(self.dir, "stderr.log")
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.scheme = None

    def command(self, *args):
        # --data is an option of the top-level command; SQLACC_DATA covers a CLI that wants it later.
        return [SQLACC, "--data", self.data, *args]

    def env(self):
        env = dict(os.environ)
        env["SQLACC_DATA"] = self.data
        return env

    def start(self, wait=True, timeout=30):
        with open(self.out_path, "ab") as out, open(self.err_path, "ab") as err:
            self.proc = subprocess.Popen(
                self.command("serve", "--listen", "127.0.0.1:0", *self.extra_args),
                stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=self.env())
        if not wait:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = LISTEN_RE.search(self.stderr())
            if m:
                self.scheme, self.port = m.group(1), int(m.group(3))
                if self._port_open():
                    return
            if self.proc.poll() is not None:
                raise AssertionError("sqlacc serve exited with %s:\n%s" %
                                     (self.proc.returncode, self.stderr()[-3000:]))
            time.sleep(0.05)
        raise AssertionError("sqlacc serve did not start within %ss:\n%s" %
                             (timeout, self.stderr()[-3000:]))

    def _port_open(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def stderr(self):
        try:
            with open(self.err_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stdout(self):
        try:
            with open(self.out_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, needle, timeout=3.0):
        """Waits until `needle` appears in stderr (the access log is flushed every ~200 ms)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.stderr()
            if needle in text:
                return text
            time.sleep(0.05)
        return self.stderr()

    def make_api_key(self, user):
        """`user add` + `apikey generate --json` on the server's data dir: (access key, secret)."""
        subprocess.run(self.command("user", "add", user, "--name", "HTTP test " + user), check=True,
                       env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run(self.command("apikey", "generate", user, "--json"), check=True,
                             env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        key = json.loads(out)
        return key["access_key"], key["secret_key"]

    def stop(self):
        """SIGTERM, then SIGKILL after 5 s. Returns the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return self.proc.returncode

    def stop_cleanly(self):
        """Class cleanup: the server must exit 0 on SIGTERM (also catches sanitizer reports)."""
        code = self.stop()
        if code not in (None, 0):
            raise AssertionError("sqlacc serve exited with %s on SIGTERM:\n%s" %
                                 (code, self.stderr()[-3000:]))


class Raw:
    """A raw HTTP/1.1 client connection that can pipeline, dribble bytes and read exact responses."""

    def __init__(self, port, timeout=5.0, wrap=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        if wrap is not None:
            self.sock = wrap(self.sock)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed by server")
        self.buf += chunk

    def read_response(self, head_request=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        version, status, *_ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), value.strip())
        status = int(status)
        length = 0 if head_request or status in (204, 304) or status < 200 else int(
            headers.get("content-length", "0"))
        while len(self.buf) < length:
            self._fill()
        body, self.buf = self.buf[:length], self.buf[length:]
        return status, headers, body

    def closed_within(self, seconds):
        """True when the server closes (EOF or reset) within `seconds`; data before EOF is skipped."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return False
            try:
                if not self.sock.recv(65536):
                    return True
            except (ConnectionResetError, ssl.SSLError, OSError):
                return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def remove_tree(path):
    if os.environ.get("SQLACC_TEST_KEEP"):
        print("kept %s" % path, file=sys.stderr)
    else:
        shutil.rmtree(path, ignore_errors=True)


def get(path, rid=None, extra="", version="HTTP/1.1"):
    req = "GET %s %s\r\nHost: 127.0.0.1\r\n" % (path, version)
    if rid:
        req += "X-Request-Id: %s\r\n" % rid
    return (req + extra + "\r\n").encode()


def signed_get(port, path, key, rid=None):
    """The bytes of a GET of `path` (sent as is) signed with SigV4 by botocore; skips the test
    without botocore."""
    try:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
    except ImportError:
        raise unittest.SkipTest("python3-botocore is not installed (run with /usr/bin/python3)")
    host = "127.0.0.1:%d" % port
    req = AWSRequest(method="GET", url="http://%s%s" % (host, path))
    SigV4Auth(Credentials(*key), "sqlaccount", "ap-southeast-5").add_auth(req)
    extra = "".join("%s: %s\r\n" % (k, v) for k, v in req.prepare().headers.items())
    return get(path, rid, extra).replace(b"Host: 127.0.0.1\r\n", b"Host: %s\r\n" % host.encode())


def strict_json(body):
    """The JSON document of `body`, which must be valid UTF-8 (UnicodeDecodeError otherwise)."""
    return json.loads(body.decode("utf-8", "strict"))


class ServerCase(unittest.TestCase):
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="sqlacc-http-")
        cls.addClassCleanup(remove_tree, cls.root)
        cls.server = Server(cls.root, cls.__name__, cls.server_args)
        cls.addClassCleanup(cls.server.stop_cleanly)
        cls.server.start()

    def assertProblem(self, status, headers, body, code):
        self.assertEqual(headers.get("content-type"), "application/problem+json")
        doc = json.loads(body)
        self.assertEqual(doc["status"], status)
        self.assertEqual(doc["code"], code)
        self.assertEqual(doc["type"], "about:blank")
        self.assertTrue(doc["title"])
        self.assertTrue(doc["message"])
        self.assertEqual(doc["request_id"], headers.get("x-request-id"))
        self.assertRegex(doc["request_id"], ID_RE)
        return doc


class HttpTest(ServerCase):
    server_args = ("--read-timeout", str(READ_TIMEOUT), "--idle-timeout", str(IDLE_TIMEOUT))

    def conn(self):
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        self.addCleanup(c.close)
        return c

    def test_healthcheck_and_keep_alive(self):
        c = self.conn()
        ids = []
        for _ in range(2):
            c.request("GET", "/healthcheck")
            r = c.getresponse()
            body = r.read()
            self.assertEqual(r.status, 200, body)
            self.assertTrue(r.getheader("Content-Type", "").startswith("application/json"))
            json.loads(body)
            self.assertEqual(r.getheader("Server"), "sqlacc")
            self.assertNotEqual((r.getheader("Connection") or "").lower(), "close")
            ids.append(r.getheader("X-Request-Id"))
            if len(ids) == 1:
                first_sock = c.sock
        self.assertIs(c.sock, first_sock, "second request did not reuse the connection")
        for rid in ids:
            self.assertRegex(rid or "", ID_RE)
        self.assertNotEqual(ids[0], ids[1])

    def test_unknown_path_is_json_error(self):
        c = self.conn()
        c.request("GET", "/no-such-resource")
        r = c.getresponse()
        body = r.read()
        self.assertIn(r.status, (401, 404))
        doc = json.loads(body)
        self.assertIn("message", doc)

    def test_request_id_echoed_when_sane(self):
        c = self.conn()
        c.request("GET", "/healthcheck", headers={"X-Request-Id": "client-id_1.A"})
        r = c.getresponse()
        r.read()
        self.assertEqual(r.getheader("X-Request-Id"), "client-id_1.A")
        for bad in ("has space", "x" * 65, "semi;colon", "\u00e9t\u00e9"):
            c.request("GET", "/healthcheck", headers={"X-Request-Id": bad.encode("utf-8")})
            r = c.getresponse()
            r.read()
            rid = r.getheader("X-Request-Id")
            self.assertRegex(rid, ID_RE)
            self.assertNotEqual(rid, bad)

    def test_pipelining_in_order(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck", "pipe-1") + get("/no-such-thing", "pipe-2") +
                 get("/healthcheck", "pipe-3", "Connection: close\r\n"))
        got = []
        for _ in range(3):
            status, headers, body = raw.read_response()
            got.append(headers.get("x-request-id"))
            json.loads(body)
        self.assertEqual(got, ["pipe-1", "pipe-2", "pipe-3"])
        self.assertEqual(headers.get("connection"), "close")
        self.assertTrue(raw.closed_within(2))

    def test_http10(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck", "v10-a", "Connection: keep-alive\r\n", "HTTP/1.0"))
        status, headers, _ = raw.read_response()
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("connection", "").lower(), "keep-alive")
        raw.send(get("/healthcheck", "v10-b", "", "HTTP/1.0"))
        status, headers, _ = raw.read_response()
        self.assertEqual((status, headers.get("x-request-id")), (200, "v10-b"))
        self.assertTrue(raw.closed_within(2), "HTTP/1.0 without keep-alive must close")

    def test_head_sends_no_body(self):
        c = self.conn()
        c.request("HEAD", "/healthcheck")
        r = c.getresponse()
        self.assertEqual(r.read(), b"")
        self.assertGreater(int(r.getheader("Content-Length")), 0)
        c.request("GET", "/healthcheck")  # would be garbled had a body followed the HEAD response
        r = c.getresponse()
        self.assertEqual(r.status, 200)
        json.loads(r.read())

    def test_431_header_too_large(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck", "big-head", "X-Big: %s\r\n" % ("a" * 32768)))
        status, headers, body = raw.read_response()
        self.assertEqual(status, 431)
        self.assertProblem(431, headers, body, "RequestHeaderFieldsTooLarge")
        self.assertEqual(headers.get("connection"), "close")
        self.assertTrue(raw.closed_within(3))

    def test_431_many_small_headers(self):
        # The limit is on the whole header block, not on what one read of the socket brings: 2,816
        # lines of 11 bytes (31 KB) against the default --max-header of 16 KiB.
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        lines = "".join("X-%04d: a\r\n" % i for i in range(2816))
        raw.send(get("/healthcheck", "many-heads", lines))
        status, headers, body = raw.read_response()
        self.assertEqual(status, 431)
        doc = self.assertProblem(431, headers, body, "RequestHeaderFieldsTooLarge")
        self.assertIn("16384", doc["message"])
        self.assertEqual(headers.get("connection"), "close")
        self.assertTrue(raw.closed_within(3))
        # Just under the limit (15 KB of small lines) is still served.
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck", "many-heads-ok", "".join("X-%04d: a\r\n" % i for i in range(1300))))
        self.assertEqual(raw.read_response()[0], 200)

    def test_json_answers_are_utf8(self):
        # Path and query values are percent-decoded bytes: what is not UTF-8 must not reach a JSON
        # string as is (the 404 echoes the code, the 400 the parameter name).
        key = self.server.make_api_key("UTF8USER")
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        for path, status in (("/agent/%FF%FE", 404), ("/agent/*?code=%FF", 200), ("/agent?%FF=1", 400),
                             ("/agent?x%C3%28=1", 400), ("/agent/A%E2%82", 404),
                             ("/agent/%C3%A9t%C3%A9", 404)):
            with self.subTest(path=path):
                raw.send(signed_get(self.server.port, path, key))
                got, _, body = raw.read_response()
                self.assertEqual(got, status, body)
                doc = strict_json(body)
                if status == 404:
                    self.assertIn("agent", doc["message"])
        # Valid UTF-8 passes through unchanged; what is not becomes U+FFFD.
        raw.send(signed_get(self.server.port, "/agent/%C3%A9t%C3%A9%FF", key))
        self.assertIn("\u00e9t\u00e9\ufffd", strict_json(raw.read_response()[2])["message"])

    def test_413_refused_before_body(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        start = time.monotonic()
        raw.send(b"POST /agent HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 100000000\r\n\r\n")
        status, headers, body = raw.read_response()
        self.assertLess(time.monotonic() - start, READ_TIMEOUT - 0.5, "413 must not wait for the body")
        self.assertEqual(status, 413)
        doc = self.assertProblem(413, headers, body, "PayloadTooLarge")
        self.assertIn("8388608", doc["message"])
        self.assertTrue(raw.closed_within(3))

    def test_413_chunked_over_limit(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(b"POST /agent HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"900000\r\n")  # a 9 MiB chunk is announced: refused before it is sent
        status, headers, body = raw.read_response()
        self.assertEqual(status, 413)
        self.assertProblem(413, headers, body, "PayloadTooLarge")

    def test_400_garbage(self):
        for junk in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                     b"POST /agent HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nxxxx",
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"):
            with self.subTest(junk=junk[:20]):
                raw = Raw(self.server.port)
                self.addCleanup(raw.close)
                raw.send(junk)
                status, headers, body = raw.read_response()
                self.assertEqual(status, 400)
                self.assertProblem(400, headers, body, "BadRequest")
                self.assertTrue(raw.closed_within(3))

    def test_expect_100_continue_and_chunked_body(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(b"POST /agent HTTP/1.1\r\nHost: x\r\nX-Request-Id: exp-1\r\n"
                 b"Content-Type: application/json\r\nContent-Length: 2\r\n"
                 b"Expect: 100-continue\r\n\r\n")
        status, _, _ = raw.read_response()
        self.assertEqual(status, 100)
        raw.send(b"{}")
        status, headers, body = raw.read_response()
        self.assertEqual(headers.get("x-request-id"), "exp-1")
        self.assertNotEqual(status, 400)
        json.loads(body)
        raw.send(b"POST /agent HTTP/1.1\r\nHost: x\r\nX-Request-Id: chunk-1\r\n"
                 b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"1\r\n{\r\n1\r\n}\r\n0\r\n\r\n")
        status, headers, body = raw.read_response()
        self.assertEqual(headers.get("x-request-id"), "chunk-1")
        self.assertNotEqual(status, 400)
        json.loads(body)

    def test_idle_timeout(self):
        raw = Raw(self.server.port, timeout=IDLE_TIMEOUT + 5)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck"))
        self.assertEqual(raw.read_response()[0], 200)
        start = time.monotonic()
        self.assertTrue(raw.closed_within(IDLE_TIMEOUT + 1.5), "idle connection was not closed")
        elapsed = time.monotonic() - start
        self.assertGreater(elapsed, IDLE_TIMEOUT - 0.5, "closed too early")

    def test_read_timeout_slow_loris(self):
        slow = Raw(self.server.port, timeout=10)
        self.addCleanup(slow.close)
        result = {}

        def dribble():
            start = time.monotonic()
            data = get("/healthcheck", "loris", "X-Padding: %s\r\n" % ("p" * 40))
            try:
                for i in range(len(data)):
                    slow.send(data[i:i + 1])
                    r, _, _ = select.select([slow.sock], [], [], 1.0)
                    if r:
                        chunk = slow.sock.recv(65536)
                        result.setdefault("first", chunk)
                        if not chunk or slow.closed_within(2):
                            break
            except OSError:
                pass
            result["elapsed"] = time.monotonic() - start

        t = threading.Thread(target=dribble)
        t.start()
        # Meanwhile other clients are served promptly.
        c = self.conn()
        for i in range(5):
            started = time.monotonic()
            c.request("GET", "/healthcheck", headers={"X-Request-Id": "beside-loris-%d" % i})
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            self.assertLess(time.monotonic() - started, 1.0)
            time.sleep(0.3)
        t.join(20)
        self.assertFalse(t.is_alive())
        self.assertIn("elapsed", result)
        self.assertLess(result["elapsed"], READ_TIMEOUT + 1.5, "slow-loris kept its connection")
        first = result.get("first", b"")
        if first:  # a 408 may be attempted before the close
            self.assertTrue(first.startswith(b"HTTP/1.1 408 "), first[:40])

    def test_access_log_redacts_and_has_request_id(self):
        secret_sig = "f00dfeedcafe0123456789abcdef0123456789abcdef0123456789abcdef9876"
        secret_cred = "AKIDLOGSECRET0001"
        secret_token = "TOKENSECRETVALUE42"
        secret_header = "Signature=abad1deaabad1deaabad1dea"
        rid = "log-check-%d" % os.getpid()
        target = ("/agent?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%s%%2F20240101%%2Fap-"
                  "southeast-5%%2Fsqlaccount%%2Faws4_request&x-amz-signature=%s"
                  "&X-Amz-Security-Token=%s&offset=0" % (secret_cred, secret_sig, secret_token))
        c = self.conn()
        c.request("GET", target, headers={"X-Request-Id": rid,
                                          "Authorization": "AWS4-HMAC-SHA256 " + secret_header})
        r = c.getresponse()
        r.read()
        log = self.server.wait_log(rid)
        lines = [line for line in log.splitlines() if rid in line]
        self.assertEqual(len(lines), 1, log[-2000:])
        line = lines[0]
        self.assertIn("GET", line)
        self.assertIn("/agent?", line)
        self.assertIn("offset=0", line)
        self.assertIn(" %d " % r.status, line)
        self.assertIn("REDACTED", line)
        for secret in (secret_sig, secret_cred, secret_token, secret_header, "abad1dea"):
            self.assertNotIn(secret, log + self.server.stdout())

    def test_many_connections_and_sequential_requests(self):
        conns = [Raw(self.server.port) for _ in range(20)]
        for raw in conns:
            self.addCleanup(raw.close)
        for round_ in range(3):
            for i, raw in enumerate(conns):
                raw.send(get("/healthcheck", "m-%d-%d" % (round_, i)))
            for i, raw in enumerate(conns):
                status, headers, _ = raw.read_response()
                self.assertEqual((status, headers["x-request-id"]), (200, "m-%d-%d" % (round_, i)))


class ConnectionCapTest(ServerCase):
    CAP = 8
    FIRST_BYTE = 5  # seconds (long enough that shedding, not the time-out, closes them on a busy CI)
    server_args = ("--max-connections", str(CAP), "--first-byte-timeout", str(FIRST_BYTE),
                   "--threads", "2")

    def test_at_the_cap_idle_connections_make_room(self):
        key = self.server.make_api_key("CAPUSER")
        # A keep-alive connection with a request in progress is not idle: it is never closed to
        # make room (its request's body is still arriving).
        busy = Raw(self.server.port)
        self.addCleanup(busy.close)
        busy.send(b"POST /agent HTTP/1.1\r\nHost: x\r\nX-Request-Id: cap-busy\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{")
        time.sleep(0.2)
        silent = [Raw(self.server.port) for _ in range(3 * self.CAP)]
        for raw in silent:
            self.addCleanup(raw.close)
        request = signed_get(self.server.port, "/agent", key, "cap-new")
        started = time.monotonic()
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(request)
        status, headers, body = raw.read_response()
        self.assertLess(time.monotonic() - started, 3.0, "a new request waited at the cap")
        self.assertEqual((status, headers.get("x-request-id")), (200, "cap-new"), body)
        strict_json(body)
        # The oldest silent connections were closed at once (well before the first-byte time-out).
        closed = sum(1 for r in silent if r.closed_within(0.05))
        self.assertGreaterEqual(closed, 2 * self.CAP, "idle connections were not shed")
        self.assertLess(time.monotonic() - started, self.FIRST_BYTE - 1)
        busy.send(b"}")
        status, headers, _ = busy.read_response()
        self.assertEqual(headers.get("x-request-id"), "cap-busy")
        self.assertNotEqual(status, 503)
        # Logged once, not once per connection.
        log = self.server.wait_log("at the connection limit")
        self.assertEqual(log.count("at the connection limit"), 1, log[-3000:])

    def test_silent_connection_closed_after_first_byte_timeout(self):
        silent = Raw(self.server.port, timeout=10)
        self.addCleanup(silent.close)
        started = time.monotonic()
        self.assertTrue(silent.closed_within(self.FIRST_BYTE + 1.5), "silent connection kept open")
        self.assertGreater(time.monotonic() - started, self.FIRST_BYTE - 0.5, "closed too early")
        # Once a request was served, the connection gets the (longer) keep-alive idle time-out.
        kept = Raw(self.server.port, timeout=10)
        self.addCleanup(kept.close)
        kept.send(get("/healthcheck"))
        self.assertEqual(kept.read_response()[0], 200)
        self.assertFalse(kept.closed_within(self.FIRST_BYTE + 1), "keep-alive connection cut short")


class BodyMemoryTest(ServerCase):
    # Bodies held at once are bounded (--max-body-memory): each request reserves its Content-Length
    # when its header arrives, before its body is read (a body arrives before its signature can be
    # checked, so no key is needed to hold one).
    BUDGET = 1_000_000
    server_args = ("--max-body-memory", str(BUDGET))

    def post_head(self, length):
        return (b"POST /agent HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % length)

    def test_bodies_past_the_budget_wait_for_room(self):
        holder = Raw(self.server.port)
        self.addCleanup(holder.close)
        holder.send(self.post_head(600_000) + b"{" * 1000)  # most of its body still to come
        time.sleep(0.3)
        # A second large body would pass the budget: 503 at once, before its body is read.
        second = Raw(self.server.port)
        self.addCleanup(second.close)
        second.send(self.post_head(600_000))
        status, headers, body = second.read_response()
        self.assertEqual(status, 503)
        self.assertProblem(503, headers, body, "ServiceBusy")
        self.assertEqual(headers.get("retry-after"), "1")
        # A small body still fits.
        small = Raw(self.server.port)
        self.addCleanup(small.close)
        small.send(self.post_head(2) + b"{}")
        status, _, _ = small.read_response()
        self.assertNotEqual(status, 503)
        # Once the first request is answered its share is given back.
        holder.send(b" " * (600_000 - 1000))
        status, _, _ = holder.read_response()
        self.assertNotEqual(status, 503)
        third = Raw(self.server.port)
        self.addCleanup(third.close)
        third.send(self.post_head(600_000) + b" " * 600_000)
        status, _, _ = third.read_response()
        self.assertNotEqual(status, 503)


class ShutdownTest(ServerCase):
    def test_graceful_shutdown(self):
        srv = self.server
        port = srv.port
        idle = Raw(port)
        self.addCleanup(idle.close)
        idle.send(get("/healthcheck"))
        self.assertEqual(idle.read_response()[0], 200)

        inflight = Raw(port, timeout=10)
        self.addCleanup(inflight.close)
        body = b'{"code":"SHUTDOWN-TEST","description":"x"}'
        half = len(body) // 2
        inflight.send(b"POST /agent HTTP/1.1\r\nHost: x\r\nX-Request-Id: in-flight\r\n"
                      b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) +
                      body[:half])
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)

        # Stops accepting: new connections are refused (polled: the signal is handled asynchronously).
        refused = False
        deadline = time.monotonic() + 3
        while not refused and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(0.05)
            except OSError:
                refused = True
        self.assertTrue(refused, "still accepting connections after SIGTERM")
        # The idle keep-alive connection is closed.
        self.assertTrue(idle.closed_within(2), "idle connection survived shutdown")
        # The in-flight request completes and gets its response, marked Connection: close.
        self.assertIsNone(srv.proc.poll(), "server exited before the in-flight request finished")
        inflight.send(body[half:])
        status, headers, resp = inflight.read_response()
        self.assertEqual(headers.get("x-request-id"), "in-flight")
        self.assertEqual(headers.get("connection"), "close")
        json.loads(resp)
        self.assertTrue(inflight.closed_within(2))
        self.assertEqual(srv.proc.wait(timeout=5), 0)
        logs = srv.stderr() + srv.stdout()
        self.assertIn("shutting down", logs)
        self.assertIn("stopped", logs)
        self.assertIn("in-flight", srv.stderr())  # its access-log line was flushed at exit


def make_cert(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
                    "-keyout", key, "-out", cert], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return cert, key


class TlsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="sqlacc-https-")
        cls.addClassCleanup(remove_tree, cls.root)
        cls.cert, cls.key = make_cert(cls.root)
        cls.server = Server(cls.root, "tls", ("--tls-cert", cls.cert, "--tls-key", cls.key,
                                              "--read-timeout", str(READ_TIMEOUT)))
        cls.addClassCleanup(cls.server.stop_cleanly)
        cls.server.start()

    def context(self):
        ctx = ssl.create_default_context(cafile=self.cert)
        return ctx

    def test_https_keep_alive(self):
        self.assertEqual(self.server.scheme, "https")
        c = http.client.HTTPSConnection("localhost", self.server.port, timeout=5,
                                        context=self.context())
        self.addCleanup(c.close)
        for i in range(2):
            c.request("GET", "/healthcheck", headers={"X-Request-Id": "tls-%d" % i})
            r = c.getresponse()
            body = r.read()
            self.assertEqual(r.status, 200)
            self.assertEqual(r.getheader("X-Request-Id"), "tls-%d" % i)
            json.loads(body)
            if i == 0:
                first = c.sock
        self.assertIs(c.sock, first)
        self.assertIn(c.sock.version(), ("TLSv1.2", "TLSv1.3"))

    def test_tls_errors_are_json_too(self):
        raw = Raw(self.server.port, wrap=lambda s: self.context().wrap_socket(
            s, server_hostname="localhost"))
        self.addCleanup(raw.close)
        raw.send(b"POST /agent HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
        status, headers, body = raw.read_response()
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(body)["code"], "PayloadTooLarge")

    def test_plain_http_on_tls_port_gets_nothing(self):
        raw = Raw(self.server.port)
        self.addCleanup(raw.close)
        raw.send(get("/healthcheck"))
        try:
            data = raw.sock.recv(65536)
        except OSError:
            data = b""
        self.assertFalse(data.startswith(b"HTTP/1.1 200"))

    def test_tls_handshake_timeout(self):
        raw = Raw(self.server.port, timeout=10)
        self.addCleanup(raw.close)
        raw.send(b"\x16\x03\x01")  # a TLS record header, then nothing
        self.assertTrue(raw.closed_within(READ_TIMEOUT + 1.5), "stalled handshake kept open")

    def test_bad_certificate_is_a_clear_error(self):
        bogus = os.path.join(self.root, "bogus.pem")
        with open(bogus, "w") as f:
            f.write("not a certificate\n")
        for cert, key, needle in ((bogus, self.key, "bogus.pem"),
                                  (os.path.join(self.root, "missing.pem"), self.key, "missing.pem"),
                                  (self.cert, bogus, "bogus.pem")):
            with self.subTest(cert=cert, key=key):
                srv = Server(self.root, "bad-%s-%s" % (os.path.basename(cert), os.path.basename(key)),
                             ("--tls-cert", cert, "--tls-key", key))
                srv.start(wait=False)
                try:
                    code = srv.proc.wait(timeout=20)
                finally:
                    srv.stop()
                self.assertNotEqual(code, 0)
                self.assertIn(needle, srv.stderr())
                self.assertIn("TLS", srv.stderr())


def main():
    global SQLACC
    if len(sys.argv) < 2:
        print("usage: http_test.py /path/to/sqlacc [unittest args]", file=sys.stderr)
        return 2
    SQLACC = os.path.abspath(sys.argv[1])
    if not os.access(SQLACC, os.X_OK):
        print("not an executable: %s" % SQLACC, file=sys.stderr)
        return 2
    prog = unittest.main(argv=[sys.argv[0]] + sys.argv[2:], exit=False, verbosity=2)
    return 0 if prog.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
