"""Shared by the botocore e2e suites (botocore_test.py, documents_test.py): TAP-like reporting and a
SigV4-signing HTTP client built on Debian's python3-botocore, against the server in BASE with the key
pair AK/SK from the environment. Run with /usr/bin/python3 (pyenv's python3 cannot see dist-packages).
"""
import http.client
import json
import os
import sys
import urllib.parse

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BASE = os.environ['BASE'].rstrip('/')
AK = os.environ['AK']
SK = os.environ['SK']
SCOPES = [('ap-southeast-5', 'sqlaccount'), ('ap-southeast-1', 'execute-api')]
JSON_CT = {'Content-Type': 'application/json'}

_n = 0
_failed = 0


def report(name, ok, detail=''):
    """Prints "ok N - name" or "not ok N - name" plus detail lines (the secret masked)."""
    global _n, _failed
    _n += 1
    if ok:
        print('ok %d - %s' % (_n, name))
    else:
        _failed += 1
        print('not ok %d - %s' % (_n, name))
        for line in str(detail).replace(SK, '<secret>').splitlines()[:40]:
            print('#   ' + line)
    sys.stdout.flush()
    return ok


def summary():
    """Prints the plan line and totals; the process exit status (1 if any check failed)."""
    print('1..%d' % _n)
    print('# %d passed, %d failed' % (_n - _failed, _failed))
    return 1 if _failed else 0


class Reply:
    def __init__(self, method, url, status, headers, raw, sent=None):
        self.method, self.url, self.status, self.headers, self.raw = method, url, status, headers, raw
        self.sent = sent
        try:
            self.json = json.loads(raw.decode('utf-8'))
        except ValueError:
            self.json = None

    def header(self, name):
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None

    def __str__(self):
        sent = ('\nbody sent: %s' % self.sent[:1500].decode('utf-8', 'replace')) if self.sent else ''
        ct = self.header('Content-Type') or ''
        shown = self.raw[:40] if ct.startswith('application/pdf') else self.raw[:2500]
        return '%s %s%s\n-> %d %s %s' % (self.method, self.url, sent, self.status, ct,
                                          shown.decode('utf-8', 'replace'))


def raw_send(method, url, body=None, headers=None):
    """Sends exactly the given URL (no re-quoting) with http.client."""
    u = urllib.parse.urlsplit(url)
    target = u.path + ('?' + u.query if u.query else '')
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        c.request(method, target, body=body, headers=headers or {})
        r = c.getresponse()
        return Reply(method, url, r.status, dict(r.getheaders()), r.read(), body)
    finally:
        c.close()


def send(method, path, body=None, headers=None, scope=SCOPES[0], ak=None, sk=None, after_signing=None):
    """Header-signed request with botocore SigV4Auth. A dict/list body is sent as JSON;
    after_signing: headers added to the signed request, outside SignedHeaders (as the original's
    Node sample adds Content-Type)."""
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    hdrs = dict(JSON_CT) if data is not None else {}
    hdrs.update(headers or {})
    req = AWSRequest(method=method, url=BASE + path, data=data, headers=hdrs)
    SigV4Auth(Credentials(ak or AK, sk or SK), scope[1], scope[0]).add_auth(req)
    p = req.prepare()
    sent = dict(p.headers.items())
    sent.update(after_signing or {})
    return raw_send(p.method, p.url, p.body, sent)


def presign(method, path, expires=300, scope=SCOPES[0]):
    """URL presigned with botocore SigV4QueryAuth."""
    req = AWSRequest(method=method, url=BASE + path)
    SigV4QueryAuth(Credentials(AK, SK), scope[1], scope[0], expires=expires).add_auth(req)
    return req.prepare().url


def expect(name, reply, status, pred=None, pred_text=''):
    """The reply has this status and, when given, pred(reply.json) holds."""
    if reply.status != status:
        return report(name, False, 'expected HTTP %d\n%s' % (status, reply))
    if pred is None:
        return report(name, True)
    try:
        ok = bool(pred(reply.json))
    except Exception as e:  # noqa: BLE001 - any shape error is a failed check
        ok = False
        pred_text += ' (%s: %s)' % (type(e).__name__, e)
    return report(name, ok, 'expected %s\n%s' % (pred_text, reply))
