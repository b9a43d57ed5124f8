#!/usr/bin/python3
"""Debian python3-botocore (1.29) against a running sqlacc: header auth (SigV4Auth), presigned URLs
(SigV4QueryAuth), writes with JSON bodies, percent-encoded codes in the path, paging and lastmodified.

Run by test_botocore.sh with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian's
dist-packages). Environment: BASE (http://127.0.0.1:PORT), AK, SK. Prints one "ok N - name" or
"not ok N - name" line per check (details as "# " lines); exit status 1 if any check failed.

botocore behaviour that matters here (shared/reference/sigv4.md §2): SigV4Auth signs every header present
at signing time, the path with the non-S3 rule (already-encoded paths are encoded again: /agent/A%20B is
signed as /agent/A%2520B, /agent/* as /agent/%2A), and the query as found in the URL (split and sorted,
not re-encoded). SigV4QueryAuth hashes the body (e3b0... for GET) and adds X-Amz-Expires.
"""
import sys
import time

from e2e_client import SCOPES, expect, presign, raw_send, report, send, summary



def expect_problem(name, reply, status, *codes):
    j = reply.json or {}
    ok = reply.status == status and j.get('status') == status and j.get('code') in codes
    return report(name, ok, 'expected HTTP %d with code in %s\n%s' % (status, codes, reply))


def codes_of(j):
    return [r['code'] for r in j['data']]


def list_all(page=50):
    """Every agent, walking offset with the given page size."""
    rows, offset = [], 0
    while True:
        r = send('GET', '/agent?offset=%d&limit=%d' % (offset, page))
        if r.status != 200:
            raise RuntimeError('list failed: %s' % r)
        rows += r.json['data']
        offset += len(r.json['data'])
        if not r.json['data'] or offset >= r.json['pagination']['total']:
            return rows


# ---------------------------------------------------------------------------------------------------
def header_auth(scope):
    t = '[%s/%s] ' % scope
    r = send('GET', '/healthcheck', scope=scope)
    expect(t + 'signed GET /healthcheck -> authenticated', r, 200,
           lambda j: j['authenticated'] is True and j['user'] == 'APIUSER' and j['company'] == 'main')

    r = send('GET', '/agent?offset=0&limit=2', scope=scope)
    expect(t + 'GET /agent?offset=0&limit=2 -> 2 rows, pagination echoes offset/limit', r, 200,
           lambda j: len(j['data']) == 2 and j['pagination']['count'] == 2 and j['pagination']['offset'] == 0
           and j['pagination']['limit'] == 2 and j['pagination']['total'] >= 4)

    r = send('GET', '/agent?code=ALI&offset=0&limit=2', scope=scope)
    expect(t + 'GET /agent?code=ALI&offset=0&limit=2 (filter) -> only ALI, total 1', r, 200,
           lambda j: codes_of(j) == ['ALI'] and j['pagination']['total'] == 1 and j['pagination']['count'] == 1)

    r = send('GET', '/agent?CODE=ALI', scope=scope)
    expect(t + 'filter field names are case-insensitive (CODE=ALI)', r, 200, lambda j: codes_of(j) == ['ALI'])

    r = send('GET', '/agent/*?code=ALI', scope=scope)
    expect(t + 'GET /agent/*?code=ALI (botocore signs /agent/%2A)', r, 200,
           lambda j: codes_of(j) == ['ALI'] and 'pagination' not in j)

    r = send('GET', '/agent/ALI', scope=scope)
    expect(t + 'GET /agent/ALI', r, 200, lambda j: codes_of(j) == ['ALI'])

    n = SCOPES.index(scope) + 1
    code = 'BOTO%d' % n
    r = send('POST', '/agent', {'code': code, 'description': 'botocore create', 'isactive': True}, scope=scope)
    expect(t + 'POST /agent %s' % code, r, 200,
           lambda j: j['data'][0]['code'] == code and j['data'][0]['description'] == 'botocore create')
    r = send('POST', '/agent', {'code': code, 'description': 'dup'}, scope=scope)
    expect(t + 'POST duplicate %s -> 409 problem' % code, r, 409, lambda j: j['status'] == 409 and j['code'])
    r = send('PUT', '/agent/' + code, {'code': code, 'description': 'botocore update', 'isactive': False}, scope=scope)
    expect(t + 'PUT /agent/%s' % code, r, 200,
           lambda j: j['data'][0]['description'] == 'botocore update' and j['data'][0]['isactive'] is False)
    r = send('GET', '/agent/*?code=' + code, scope=scope)
    expect(t + 'GET after PUT shows the update', r, 200,
           lambda j: j['data'][0]['description'] == 'botocore update')
    r = send('DELETE', '/agent/' + code, scope=scope)
    expect(t + 'DELETE /agent/%s' % code, r, 200)
    r = send('GET', '/agent/' + code, scope=scope)
    expect(t + 'GET /agent/%s after DELETE -> 404' % code, r, 404)

    # Codes that must be percent-encoded in the path: botocore double-encodes (A%20B -> A%2520B).
    # ('/' is refused in a new code: proxies decode or refuse %2F in a path.)
    for code, enc in (('BOT S%d' % n, 'BOT%%20S%d' % n), ('BOT%%%d' % n, 'BOT%%25%d' % n)):
        r = send('POST', '/agent', {'code': code, 'description': 'odd code'}, scope=scope)
        expect(t + 'POST agent %r' % code, r, 200, lambda j, c=code: j['data'][0]['code'] == c)
        r = send('GET', '/agent/' + enc, scope=scope)
        expect(t + 'GET /agent/%s (double-encoded by botocore)' % enc, r, 200,
               lambda j, c=code: codes_of(j) == [c])
        r = send('GET', '/agent/*?code=' + enc, scope=scope)
        expect(t + 'GET /agent/*?code=%s' % enc, r, 200, lambda j, c=code: codes_of(j) == [c])
        r = send('PUT', '/agent/' + enc, {'code': code, 'description': 'odd code updated'}, scope=scope)
        expect(t + 'PUT /agent/%s' % enc, r, 200,
               lambda j: j['data'][0]['description'] == 'odd code updated')
        r = send('DELETE', '/agent/' + enc, scope=scope)
        expect(t + 'DELETE /agent/%s' % enc, r, 200)
        r = send('GET', '/agent/' + enc, scope=scope)
        expect(t + 'GET /agent/%s after DELETE -> 404' % enc, r, 404)

    # Presigned (query) auth.
    url = presign('GET', '/agent?limit=2&offset=0', expires=300, scope=scope)
    report(t + 'presigned URL carries X-Amz-Expires=300 and X-Amz-Signature',
           'X-Amz-Expires=300' in url and 'X-Amz-Signature=' in url, url)
    r = raw_send('GET', url)
    expect(t + 'presigned GET /agent?limit=2&offset=0 (expires=300)', r, 200, lambda j: len(j['data']) == 2)
    r = raw_send('GET', url)
    expect(t + 'the same presigned URL works again within its lifetime', r, 200)
    r = raw_send('GET', url.replace('limit=2', 'limit=3'))
    expect_problem(t + 'presigned URL with limit=2 changed to 3 -> 401 SignatureDoesNotMatch', r, 401,
                   'SignatureDoesNotMatch')
    r = raw_send('GET', url.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000'))
    expect_problem(t + 'presigned URL with X-Amz-Expires raised -> 401 SignatureDoesNotMatch', r, 401,
                   'SignatureDoesNotMatch')
    r = raw_send('GET', url.replace('/agent?', '/area?'))
    expect_problem(t + 'presigned URL replayed on another path -> 401 SignatureDoesNotMatch', r, 401,
                   'SignatureDoesNotMatch')
    url = presign('GET', '/agent/*?code=ALI', expires=300, scope=scope)
    r = raw_send('GET', url)
    expect(t + 'presigned GET /agent/*?code=ALI', r, 200, lambda j: codes_of(j) == ['ALI'])


def paging():
    for i in range(1, 8):
        r = send('POST', '/agent', {'code': 'BOTP%02d' % i, 'description': 'paging %d' % i})
        expect('create paging agent BOTP%02d' % i, r, 200)
    full = list_all(50)
    total = len(full)
    report('sample + 7 created agents exceed several pages of 2 (total %d)' % total, total >= 11, total)
    seen, pages, offset, totals = [], 0, 0, set()
    ok_shape = True
    while offset < total + 2 and pages < 100:
        r = send('GET', '/agent?offset=%d&limit=2' % offset)
        if r.status != 200:
            report('page at offset %d' % offset, False, r)
            return
        j = r.json
        pg = j['pagination']
        totals.add(pg['total'])
        if pg['offset'] != offset or pg['limit'] != 2 or pg['count'] != len(j['data']) or len(j['data']) > 2:
            ok_shape = False
            report('page at offset %d has offset/limit/count right' % offset, False, r)
        if not j['data']:
            break
        seen += codes_of(j)
        offset += len(j['data'])
        pages += 1
    report('every page echoes offset, limit=2 and count', ok_shape)
    report('total is the same on every page (%s)' % sorted(totals), totals == {total}, totals)
    report('pages do not overlap (%d codes, %d distinct)' % (len(seen), len(set(seen))),
           len(seen) == len(set(seen)), seen)
    report('pages cover every agent once (%d of %d)' % (len(seen), total),
           sorted(seen) == sorted(r_['code'] for r_ in full), seen)
    report('paging order equals the order of the full list', seen == [r_['code'] for r_ in full])
    report('walk took ceil(total/2) pages', pages == (total + 1) // 2, pages)
    r = send('GET', '/agent?offset=%d&limit=2' % total)
    expect('offset = total -> empty page', r, 200,
           lambda j: j['data'] == [] and j['pagination']['count'] == 0 and j['pagination']['total'] == total)
    r = send('GET', '/agent?offset=0&limit=50')
    expect('limit=50 is allowed', r, 200, lambda j: len(j['data']) == min(50, total))


def lastmodified():
    rows = list_all(50)
    n0 = max(r['lastmodified'] for r in rows)
    report('lastmodified values are epoch seconds (not in the future)',
           all(isinstance(r['lastmodified'], int) and 1_600_000_000 < r['lastmodified'] <= time.time() + 60
               for r in rows), n0)
    while time.time() < n0 + 1.2:  # the next write lands in a later second than every existing row
        time.sleep(0.2)
    r = send('POST', '/agent', {'code': 'BOTLM1', 'description': 'modified later'})
    if not expect('create BOTLM1 for the lastmodified filter', r, 200):
        return
    n1 = r.json['data'][0]['lastmodified']
    report('new row lastmodified %d > every older row (%d)' % (n1, n0), n1 > n0)
    r = send('PUT', '/agent/BOTP01', {'code': 'BOTP01', 'description': 'touched'})
    expect('PUT BOTP01 touches lastmodified', r, 200, lambda j: j['data'][0]['lastmodified'] >= n1)
    r = send('GET', '/agent?lastmodified=%d' % n1)
    want = sorted(x['code'] for x in list_all(50) if x['lastmodified'] >= n1)
    expect('GET /agent?lastmodified=%d returns exactly the rows modified at/after it' % n1, r, 200,
           lambda j: sorted(codes_of(j)) == want and {'BOTLM1', 'BOTP01'} <= set(want)
           and all(x['lastmodified'] >= n1 for x in j['data']), 'codes %s' % want)
    r = send('GET', '/agent?lastmodified=%d' % n0)
    expect('GET /agent?lastmodified=%d (older) includes more rows' % n0, r, 200,
           lambda j: len(j['data']) > len(want))


def post_concurrently(path, body, threads, each):
    """`threads` threads each POST `body` `each` times at once; every reply, in no order."""
    import threading
    replies, lock = [], threading.Lock()

    def worker():
        for _ in range(each):
            r = send('POST', path, body)
            with lock:
                replies.append(r)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return replies


def documents():
    """Journal entries: numbering under concurrency, posting, updatecount, cancel (issue 3)."""
    body = {'docdate': '2026-11-27', 'description': 'e2e',
            'sdsdocdetail': [{'code': '900-002', 'dr': '10.00'}, {'code': '320-000', 'cr': '10.00'}]}
    replies = post_concurrently('/journalentry', body, threads=6, each=10)
    ok = [r for r in replies if r.status == 200]
    docnos = sorted(r.json['data'][0]['docno'] for r in ok)
    report('60 concurrent journal entry creates all succeed', len(ok) == 60,
           '\n'.join(str(r) for r in replies if r.status != 200)[:2000])
    report('their docnos are unique and gap-free (JV-00001..JV-00060)',
           docnos == ['JV-%05d' % i for i in range(1, 61)], docnos)
    tb = send('GET', '/trialbalance?date=2026-12-31')
    expect('trial balance after 60 entries balances at 600.00', tb, 200,
           lambda d: d['totals'] == {'dr': '600.00', 'cr': '600.00'}, 'totals 600.00 / 600.00')

    unbalanced = dict(body, sdsdocdetail=[{'code': '900-002', 'dr': '10.00'},
                                          {'code': '320-000', 'cr': '9.99'}])
    expect_problem('an unbalanced journal entry is a 400', send('POST', '/journalentry', unbalanced),
                   400, 'Unbalanced')
    expect('and nothing was written', send('GET', '/journalentry?limit=1'), 200,
           lambda d: d['pagination']['total'] == 60, 'total still 60')

    first = ok[0].json['data'][0]
    key = str(first['dockey'])
    stale = dict(body, updatecount=first['updatecount'])
    r = send('PUT', '/journalentry/' + key, stale)
    expect('PUT with an unchanged updatecount is a 409 with the original message', r, 409,
           lambda d: d['message'] == 'Record has been changed by other users.', 'the message')
    r = send('PUT', '/journalentry/' + key, dict(body, updatecount=first['updatecount'] + 1,
                                                  cancelled=True))
    expect('cancelling with updatecount + 1 succeeds', r, 200, lambda d: d['data'][0]['cancelled'])
    tb = send('GET', '/trialbalance?date=2026-12-31')
    expect('the cancelled entry left the ledger', tb, 200,
           lambda d: d['totals'] == {'dr': '590.00', 'cr': '590.00'}, 'totals 590.00 / 590.00')


def concurrent_invoices():
    """Sales invoices from 6 threads at once: numbers unique and gap-free, every one posted, and the
    customer's outstanding (a running total) exactly their sum."""
    body = {'code': '300-B0001', 'docdate': '2026-11-27', 'sdsdocdetail': [
        {'itemcode': 'ANT', 'qty': '3', 'unitprice': '35.00', 'tax': 'ST-10'},
        {'itemcode': 'INSTALL', 'qty': '1', 'unitprice': '150.00', 'tax': 'SV-8'}]}
    replies = post_concurrently('/salesinvoice', body, threads=6, each=8)
    ok = [r for r in replies if r.status == 200]
    report('48 concurrent sales invoice creates all succeed', len(ok) == 48,
           '\n'.join(str(r) for r in replies if r.status != 200)[:2000])
    docnos = sorted(r.json['data'][0]['docno'] for r in ok)
    report('their docnos are unique and gap-free (IV-00001..IV-00048)',
           docnos == ['IV-%05d' % i for i in range(1, 49)], docnos)
    report('each is 105.00 + 10.50 + 150.00 + 12.00 = 277.50',
           all(r.json['data'][0]['docamt'] == '277.50' for r in ok), '')
    expect('the customer owes exactly 48 x 277.50 = 13320.00', send('GET', '/customer/300-B0001'),
           200, lambda d: d['data'][0]['outstanding'] == '13320.00', 'outstanding 13320.00')
    expect('ANT on hand went down by exactly 144', send('GET', '/stockitem/ANT'), 200,
           lambda d: d['data'][0]['balsqty'] == '-144.0000', 'balsqty -144.0000')


def main():
    for scope in SCOPES:
        header_auth(scope)
    paging()
    lastmodified()
    documents()
    concurrent_invoices()
    return summary()


if __name__ == '__main__':
    sys.exit(main())
