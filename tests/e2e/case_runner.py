#!/usr/bin/python3
"""Runs the behaviour cases of tests/cases/*.case against a running `sqlacc serve`.

The format is described in tests/cases/README.md. Run by tests/e2e/test_cases.sh (which starts the
server on a fresh data dir, on SQLite or PostgreSQL) with /usr/bin/python3 (Debian's, which sees
python3-botocore). Environment: BASE, AK, SK (e2e_client.py), SQLACC (the binary), DATA (the data dir;
SQLACC_DB is inherited on PostgreSQL runs).

Each case runs in a company of its own on the one server (`sqlacc --company ID init --sample`, a user
and an API key of that company: the access key names the company), so cases cannot see each other's
documents and no server restarts between them. The companies of the next cases are prepared by a
background thread while a case runs.

Prints one TAP line per case ("ok N - file: title"), with the failed expectations of a failed case as
"# " lines; exit status 1 if any case failed.
"""
import json
import os
import re
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

from e2e_client import send

SQLACC = os.environ['SQLACC']
DATA = os.environ['DATA']
FAR_FUTURE = '9999-12-31'  # "the whole ledger": a trial balance on this date holds every posting
METHODS = ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD')
ABSENT, ANY, MORE = '$absent', '$any', '...'


class CaseError(Exception):
    """A malformed case file (reported with its file and line)."""


# ---------------------------------------------------------------------------------------------------
# Parsing


class Step:
    def __init__(self, line):
        self.line = line          # line number of the step's first line (request, ledger or verify)
        self.label = ''           # the comment just above it
        self.method = self.path = self.capture = None
        self.headers = {}
        self.body = None          # JSON text (variables still in it)
        self.status = None
        self.code = None          # expected problem code (answers >= 400)
        self.subset = None        # JSON text of the expected subset
        self.ledgers = []         # [(date or None, [(account, dr, cr, line)])]
        self.verify = False

    def title(self):
        what = '%s %s' % (self.method, self.path) if self.method else (
            'ledger' if self.ledgers else 'verify')
        return 'line %d%s: %s' % (self.line, ' (%s)' % self.label if self.label else '', what)


def _collect_json(lines, i, stop):
    """JSON text from lines[i:] up to the first line for which stop(line) holds; (text, next i)."""
    out = []
    while i < len(lines) and not stop(lines[i][1]):
        out.append(lines[i][1])
        i += 1
    return '\n'.join(out).strip(), i


def _is_keyword(s, *words):
    return s.split(' ', 1)[0] in words


def _parse_ledger_lines(lines, i, step, date):
    rows = []
    while i < len(lines) and not _is_keyword(lines[i][1], 'ledger', 'verify'):
        n, s = lines[i]
        toks = s.split()
        if len(toks) not in (3, 5) or any(t not in ('dr', 'cr') for t in toks[1::2]):
            raise CaseError('line %d: a ledger line is "ACCOUNT dr AMOUNT", "ACCOUNT cr AMOUNT" or both' % n)
        amounts = {'dr': Decimal(0), 'cr': Decimal(0)}
        for side, amount in zip(toks[1::2], toks[2::2]):
            amounts[side] = Decimal(amount)
        rows.append((toks[0], amounts['dr'], amounts['cr'], n))
        i += 1
    step.ledgers.append((date, rows))
    return i


def parse_paragraph(para):
    """para: [(line number, text)] without blank lines. Returns a Step."""
    labels = []
    i = 0
    while i < len(para) and para[i][1].startswith('#'):
        labels.append(para[i][1].lstrip('#').strip())
        i += 1
    if i == len(para):
        return None  # a comment paragraph
    step = Step(para[i][0])
    step.label = labels[-1] if labels else ''
    n, s = para[i]
    toks = s.split()
    if toks[0] in METHODS:
        if len(toks) not in (2, 4) or (len(toks) == 4 and toks[2] != 'as'):
            raise CaseError('line %d: a request is "METHOD PATH" or "METHOD PATH as NAME"' % n)
        step.method, step.path = toks[0], toks[1]
        step.capture = toks[3] if len(toks) == 4 else None
        i += 1
        while i < len(para) and re.match(r'^[A-Za-z][A-Za-z0-9-]*: ', para[i][1]):
            k, v = para[i][1].split(': ', 1)
            step.headers[k] = v
            i += 1
        step.body, i = _collect_json(para, i, lambda x: _is_keyword(x, 'expect'))
        if i == len(para):
            raise CaseError('line %d: the request has no "expect STATUS" line' % n)
        ex = para[i][1].split()
        if len(ex) not in (2, 3) or not ex[1].isdigit():
            raise CaseError('line %d: expected "expect STATUS [CODE]"' % para[i][0])
        step.status = int(ex[1])
        step.code = ex[2] if len(ex) == 3 else None
        step.subset, i = _collect_json(para, i + 1, lambda x: _is_keyword(x, 'ledger', 'verify'))
    while i < len(para):
        n, s = para[i]
        toks = s.split()
        if toks == ['verify']:
            step.verify = True
            i += 1
        elif toks[0] == 'ledger' and (len(toks) == 1 or (len(toks) == 3 and toks[1] == 'on')):
            i = _parse_ledger_lines(para, i + 1, step, toks[2] if len(toks) == 3 else None)
        else:
            raise CaseError('line %d: unexpected %r (a request, "ledger [on DATE]" or "verify")' % (n, s))
    if step.ledgers and step.ledgers[0][0] is None and not step.method:
        raise CaseError('line %d: "ledger" (what this step posted) needs a request; '
                        'use "ledger on DATE" for the whole books' % step.line)
    return step


def parse_case(path):
    """Returns (title, [Step])."""
    lines = path.read_text(encoding='utf-8').splitlines()
    title = None
    paras, cur = [], []
    for n, raw in enumerate(lines, 1):
        s = raw.rstrip()
        if title is None:
            if s.startswith('case '):
                title = s[5:].strip()
            elif s and not s.startswith('#'):
                raise CaseError('line %d: a case file starts with "case TITLE" (comments may come first)' % n)
            continue
        if s.strip():
            cur.append((n, s.strip()))
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    if title is None:
        raise CaseError('no "case TITLE" line')
    steps = [st for st in (parse_paragraph(p) for p in paras) if st]
    return title, steps


# ---------------------------------------------------------------------------------------------------
# Variables: ${name.path.to.value} or ${name.path+N} / ${name.path-N}

VAR = re.compile(r'\$\{([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)([+-]\d+)?\}')


def lookup(env, name, path, delta):
    if name not in env:
        raise KeyError('unknown variable %r (no earlier step captured it with "as %s")' % (name, name))
    v = env[name]
    for part in path.split('.')[1:] if path else []:
        if isinstance(v, list) and part.isdigit() and int(part) < len(v):
            v = v[int(part)]
        elif isinstance(v, dict) and part in v:
            v = v[part]
        else:
            raise KeyError('${%s%s}: no %r in %s' % (name, path, part, json.dumps(v)[:200]))
    if delta:
        if not isinstance(v, int) or isinstance(v, bool):
            raise KeyError('${%s%s%s}: %r is not an integer' % (name, path, delta, v))
        v += int(delta)
    return v


def substitute(text, env, in_json):
    """Replaces every ${...}: a string value by its text (JSON-escaped inside JSON text), any other
    value by its JSON (so `"fromdockey": ${so.dockey}` stays a number)."""
    def one(m):
        v = lookup(env, m.group(1), m.group(2), m.group(3))
        if isinstance(v, str):
            return json.dumps(v)[1:-1] if in_json else v
        return json.dumps(v)
    return VAR.sub(one, text)


# ---------------------------------------------------------------------------------------------------
# Matching


def same(want, got):
    """Equal and of the same JSON type (True is not 1, "1" is not 1)."""
    if isinstance(want, bool) or isinstance(got, bool):
        return isinstance(want, bool) and isinstance(got, bool) and want == got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return want == got
    return type(want) is type(got) and want == got


def match(want, got, where, out):
    """Appends to out one line per difference; returns the number of checks made."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append('%s: expected an object, got %s' % (where or '(answer)', short(got)))
            return 1
        checks = 0
        for k, w in want.items():
            at = '%s.%s' % (where, k) if where else k
            if w == ABSENT:
                checks += 1
                if k in got:
                    out.append('%s: expected no such key, got %s' % (at, short(got[k])))
            elif k not in got:
                checks += 1
                out.append('%s: missing (expected %s)' % (at, short(w)))
            else:
                checks += match(w, got[k], at, out)
        return checks
    if isinstance(want, list):
        if not isinstance(got, list):
            out.append('%s: expected an array, got %s' % (where, short(got)))
            return 1
        more = bool(want) and want[-1] == MORE
        items = want[:-1] if more else want
        checks = 0
        if (len(got) < len(items)) if more else (len(got) != len(items)):
            out.append('%s: expected %s%d element(s), got %d: %s' % (where, 'at least ' if more else '',
                                                                   len(items), len(got), short(got)))
            return 1
        for idx, w in enumerate(items):
            checks += match(w, got[idx], '%s[%d]' % (where, idx), out)
        return checks + (0 if more else 1)
    if want == ANY:
        return 1
    if not same(want, got):
        out.append('%s: expected %s, got %s' % (where or '(answer)', short(want), short(got)))
    return 1


def short(v, n=300):
    s = json.dumps(v)
    return s if len(s) <= n else s[:n] + '...'


# ---------------------------------------------------------------------------------------------------
# Companies: one per case, prepared ahead


def cli(company, *args):
    p = subprocess.run([SQLACC, '--data', DATA, '--company', company] + list(args),
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def make_company(company):
    """init --sample, a user and its API key; returns (access key, secret key)."""
    for args in (('init', '--sample'), ('user', 'add', 'CASES', '--name', 'Behaviour cases')):
        rc, out, err = cli(company, *args)
        if rc != 0:
            raise RuntimeError('sqlacc --company %s %s: exit %d\n%s%s' % (company, ' '.join(args), rc, out, err))
    rc, out, err = cli(company, 'apikey', 'generate', 'CASES', '--json')
    if rc != 0:
        raise RuntimeError('apikey generate in %s: exit %d\n%s' % (company, rc, err))
    k = json.loads(out)
    return k['access_key'], k['secret_key']


class Prepared:
    """Creates the companies in order in a background thread; get(i) waits for the i-th."""

    def __init__(self, companies):
        self.results = [None] * len(companies)
        self.ready = [threading.Event() for _ in companies]
        threading.Thread(target=self._run, args=(companies,), daemon=True).start()

    def _run(self, companies):
        for i, c in enumerate(companies):
            try:
                self.results[i] = make_company(c)
            except Exception as e:  # noqa: BLE001 - reported by the case that needed it
                self.results[i] = e
            self.ready[i].set()

    def get(self, i):
        self.ready[i].wait()
        if isinstance(self.results[i], Exception):
            raise self.results[i]
        return self.results[i]


def company_id(index, path):
    slug = re.sub(r'[^a-z0-9]+', '-', path.stem.lower()).strip('-')
    return ('case%02d-%s' % (index, slug))[:32].rstrip('-')


# ---------------------------------------------------------------------------------------------------
# Running


class Run:
    def __init__(self, company, ak, sk):
        self.company, self.ak, self.sk = company, ak, sk
        self.env = {}
        self.checks = 0

    def request(self, method, path, body=None, headers=None):
        return send(method, path, body, headers=headers, ak=self.ak, sk=self.sk)

    def balances(self, date):
        """{account: dr - cr} of the trial balance on date (the whole books when FAR_FUTURE)."""
        r = self.request('GET', '/trialbalance?date=' + date)
        if r.status != 200:
            raise RuntimeError('GET /trialbalance?date=%s -> %d %s' % (date, r.status, r.raw[:300]))
        return r.json, {x['account']: Decimal(x['dr']) - Decimal(x['cr']) for x in r.json['data']}

    def step(self, st):
        """Runs one step; returns the list of differences (empty: passed)."""
        out = []
        before = None
        if any(d is None for d, _ in st.ledgers):
            before = self.balances(FAR_FUTURE)[1]
        reply = None
        if st.method:
            path = substitute(st.path, self.env, False)
            body = None
            if st.body:
                text = substitute(st.body, self.env, True)
                try:
                    json.loads(text)
                except ValueError as e:
                    raise CaseError('line %d: the request body is not JSON (%s)' % (st.line, e))
                body = text.encode('utf-8')
            headers = {k: substitute(v, self.env, False) for k, v in st.headers.items()}
            reply = self.request(st.method, path, body, headers)
            self.check_answer(st, reply, out)
            if st.capture and reply.status < 300 and isinstance(reply.json, dict):
                data = reply.json.get('data')
                self.env[st.capture] = data[0] if isinstance(data, list) and len(data) == 1 else reply.json
        for date, rows in st.ledgers:
            if date is None:
                self.check_posted(before, rows, out)
            else:
                self.check_books(date, rows, out)
        if st.verify:
            self.checks += 1
            rc, so, se = cli(self.company, 'verify')
            if rc != 0:
                out.append('sqlacc verify: exit %d\n%s%s' % (rc, so, se))
        if out and reply is not None:
            out.append('--- request and answer:\n%s' % str(reply).replace(self.sk, '<secret>'))
        return out

    def check_answer(self, st, reply, out):
        self.checks += 1
        if reply.status != st.status:
            out.append('status: expected %d, got %d' % (st.status, reply.status))
        if st.status >= 400:  # every refusal is a JSON problem: status, code, message, problem+json
            j = reply.json if isinstance(reply.json, dict) else {}
            self.checks += 1
            why = []
            ct = reply.header('Content-Type') or ''
            if not ct.startswith('application/problem+json'):
                why.append('Content-Type %r' % ct)
            if j.get('status') != st.status:
                why.append('status field %r' % j.get('status'))
            if not j.get('message'):
                why.append('no message')
            if not j.get('code'):
                why.append('no code')
            if why:
                out.append('problem: not a JSON problem of status %d: %s' % (st.status, '; '.join(why)))
            if st.code:
                self.checks += 1
                if j.get('code') != st.code:
                    out.append('code: expected %r, got %r' % (st.code, j.get('code')))
        if st.subset:
            text = substitute(st.subset, self.env, True)
            try:
                want = json.loads(text)
            except ValueError as e:
                raise CaseError('line %d: the expected answer is not JSON (%s)' % (st.line, e))
            if reply.json is None:
                self.checks += 1
                out.append('answer: not JSON')
            else:
                self.checks += match(want, reply.json, '', out)

    def check_posted(self, before, rows, out):
        """The net change of each account made by this step is exactly `rows`."""
        after = self.balances(FAR_FUTURE)[1]
        got = {a: after.get(a, 0) - before.get(a, 0) for a in set(before) | set(after)}
        got = {a: v for a, v in got.items() if v != 0}
        want = {}
        for account, dr, cr, _ in rows:
            want[account] = want.get(account, 0) + dr - cr
        want = {a: v for a, v in want.items() if v != 0}
        self.checks += max(1, len(rows))
        if got != want:
            out.append('ledger (what this step posted, net per account):\n%s' % ledger_diff(want, got))

    def check_books(self, date, rows, out):
        """The trial balance on date: exactly these accounts (zero balances left out), totals equal
        to the sums of the rows, each row one-sided, the date echoed."""
        tb, got = self.balances(date)
        got = {a: v for a, v in got.items() if v != 0}
        want = {}
        for account, dr, cr, _ in rows:
            want[account] = want.get(account, 0) + dr - cr
        want = {a: v for a, v in want.items() if v != 0}
        self.checks += max(1, len(rows)) + 3
        if got != want:
            out.append('ledger on %s (trial balance):\n%s' % (date, ledger_diff(want, got)))
        dr = sum(v for v in want.values() if v > 0)
        cr = -sum(v for v in want.values() if v < 0)
        totals = tb.get('totals') or {}
        if (Decimal(totals.get('dr', '-1')), Decimal(totals.get('cr', '-1'))) != (dr, cr):
            out.append('ledger on %s: totals %s, expected dr %s cr %s' % (date, totals, dr, cr))
        if any(Decimal(x['dr']) != 0 and Decimal(x['cr']) != 0 for x in tb['data']):
            out.append('ledger on %s: a row has both dr and cr: %s' % (date, tb['data']))
        if tb.get('date') != date:
            out.append('ledger on %s: the answer names date %r' % (date, tb.get('date')))


def ledger_diff(want, got):
    lines = []
    for a in sorted(set(want) | set(got)):
        w, g = want.get(a, Decimal(0)), got.get(a, Decimal(0))
        mark = '  ' if w == g else '! '
        lines.append('%s%-10s expected %-16s got %s' % (mark, a, side(w), side(g)))
    return '\n'.join(lines)


def side(v):
    if v == 0:
        return '-'
    return ('dr %s' % v) if v > 0 else ('cr %s' % -v)


def run_case(n, path, prepared, index):
    try:
        title, steps = parse_case(path)
    except (CaseError, ValueError) as e:
        print('not ok %d - %s: cannot parse: %s' % (n, path.name, e))
        return False, 0
    try:
        ak, sk = prepared.get(index)
    except Exception as e:  # noqa: BLE001
        print('not ok %d - %s: %s: no company: %s' % (n, path.name, title, e))
        return False, 0
    run = Run(company_id(index, path), ak, sk)
    failures = []
    for st in steps:
        try:
            diffs = run.step(st)
        except (KeyError, RuntimeError, CaseError) as e:
            diffs = [str(e).strip('"\'')]
        if diffs:
            failures.append((st, diffs))
    ok = not failures
    print('%s %d - %s: %s (%d steps, %d checks)' % ('ok' if ok else 'not ok', n, path.name, title, len(steps),
                                                    run.checks))
    for st, diffs in failures:
        print('#   FAILED %s:%s' % (path.name, st.title()))
        for d in diffs:
            for line in d.replace(sk, '<secret>').splitlines()[:40]:
                print('#     ' + line)
    sys.stdout.flush()
    return ok, run.checks


def main(argv):
    here = Path(__file__).resolve().parent
    paths = [Path(a) for a in argv] or sorted((here.parent / 'cases').glob('*.case'))
    if not paths:
        print('not ok 1 - no case files found')
        return 1
    prepared = Prepared([company_id(i, p) for i, p in enumerate(paths)])
    failed = checks = 0
    for i, p in enumerate(paths):
        ok, c = run_case(i + 1, p, prepared, i)
        failed += 0 if ok else 1
        checks += c
    print('1..%d' % len(paths))
    print('# %d cases passed, %d failed; %d checks' % (len(paths) - failed, failed, checks))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
