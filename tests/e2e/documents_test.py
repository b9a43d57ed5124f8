#!/usr/bin/python3
"""A PDF of every document type, driven by Debian's python3-botocore.

Run by test_documents.sh with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian's
dist-packages). Environment: BASE (http://127.0.0.1:PORT), AK, SK. Prints one "ok N - name" or
"not ok N - name" line per check (details as "# " lines); exit status 1 if any check failed.

What the documents do (amounts, postings, transfers, knock-offs, locking, errors) is told by the
behaviour cases in tests/cases/; this suite keeps what is not request/answer shaped: the bytes of
the PDFs, read back with `pdftotext -layout`. It posts one document of each type first (the figures
of tests/cases/salesorder_to_invoice.case and its neighbours):

  SO-00001  E2E-WIDGET 10 x 12.35 less 10% SV-8, ANT 3 x 99.90 ST-10 inclusive         419.74
  IV-00001  from the SO: all of row 1, 2 of row 2                                       319.84
  OR-00001  400.00: IV-00001 319.84, IV-00002 50.00, unapplied 30.16; then cancelled
  PI-00001, PV-00001, JV-00001, RC-00001, XF-00001 as in the cases of the same names
"""
import os
import re
import subprocess
import sys
import tempfile
import traceback
import urllib.parse

from e2e_client import expect, report, send, summary

CUST = '300-E0001'
CUST_NAME = 'EVERGREEN LEDGER SDN BHD'
ITEM = 'E2E-WIDGET'
SUPP = '400-A0001'


def expect_problem(name, reply, status, code=None, field=None, message=None):
    """A JSON problem with this status (and code, field, exact message when given)."""
    j = reply.json if isinstance(reply.json, dict) else {}
    why = []
    if reply.status != status:
        why.append('HTTP %d, expected %d' % (reply.status, status))
    if j.get('status') != status:
        why.append('problem status %r' % j.get('status'))
    if code is not None and j.get('code') != code:
        why.append('code %r, expected %r' % (j.get('code'), code))
    if field is not None and j.get('field') != field:
        why.append('field %r, expected %r' % (j.get('field'), field))
    if message is not None and j.get('message') != message:
        why.append('message %r, expected %r' % (j.get('message'), message))
    if not j.get('message'):
        why.append('no message')
    return report(name, not why, '; '.join(why) + '\n' + str(reply))


def record(reply):
    """The single record of a {"data":[record]} reply, or raise with the reply."""
    if reply.status != 200 or not isinstance(reply.json, dict) or len(reply.json.get('data') or []) != 1:
        raise RuntimeError('expected one record\n%s' % reply)
    return reply.json['data'][0]


def get(resource, key):
    return record(send('GET', '/%s/%s' % (resource, urllib.parse.quote(str(key), safe=''))))


S = {}  # what the steps hand on: dockeys, records


# ---------------------------------------------------------------------------------------------------
def setup_documents():
    """One document of every type, as the cases in tests/cases/ post them (their figures and ledger
    lines are asserted there); here only what the PDFs need."""
    record(send('POST', '/customer', {
        'code': CUST, 'companyname': CUST_NAME,
        'sdsbranch': [{'branchtype': 'B', 'branchname': 'BILLING', 'address1': 'LOT 7, JALAN TUN RAZAK',
                       'address2': 'TAMAN MAJU', 'postcode': '50400', 'city': 'KUALA LUMPUR',
                       'state': 'WILAYAH PERSEKUTUAN', 'country': 'MY', 'attention': 'EN. RAHMAN',
                       'phone1': '03-9200 7000'}]}))
    record(send('POST', '/stockitem', {'code': ITEM, 'description': 'E2E WIDGET', 'uom': 'UNIT',
                                       'refprice': '12.35', 'refcost': '7.25', 'sltax': 'SV-8'}))
    S['supplier_name'] = get('supplier', SUPP)['companyname']
    so = S['so'] = record(send('POST', '/salesorder', {
        'code': CUST, 'docdate': '2026-03-02', 'description': 'E2E order', 'sdsdocdetail': [
            {'itemcode': ITEM, 'qty': '10', 'unitprice': '12.35', 'disc': '10%', 'tax': 'SV-8'},
            {'itemcode': 'ANT', 'qty': '3', 'unitprice': '99.90', 'tax': 'ST-10', 'taxinclusive': True}]}))
    so_row = lambda i, **kw: dict(fromdoctype='SO', fromdockey=so['dockey'],  # noqa: E731
                                  fromdtlkey=so['sdsdocdetail'][i]['dtlkey'], **kw)
    S['iv1'] = record(send('POST', '/salesinvoice', {'code': CUST, 'docdate': '2026-03-05',
                                                     'sdsdocdetail': [so_row(0), so_row(1, qty='2')]}))
    iv2 = record(send('POST', '/salesinvoice', {'code': CUST, 'docdate': '2026-03-12', 'sdsdocdetail': [
        so_row(1, qty='0'), {'itemcode': 'CABLE', 'qty': '4', 'unitprice': '25.00', 'disc': '10%+5', 'tax': 'ST-5'}]}))
    pm = record(send('POST', '/customerpayment', {
        'code': CUST, 'docdate': '2026-03-20', 'paymentmethod': '320-000', 'docamt': '400.00',
        'sdsknockoff': [{'doctype': 'IV', 'docno': 'IV-00001', 'koamt': '319.84'},
                        {'doctype': 'IV', 'refdockey': iv2['dockey'], 'koamt': '50.00'}]}))
    S['pm'] = record(send('PUT', '/customerpayment/%d' % pm['dockey'],
                          {'cancelled': True, 'updatecount': pm['updatecount'] + 1}))
    S['pi'] = record(send('POST', '/purchaseinvoice', {
        'code': SUPP, 'docdate': '2026-03-22',
        'sdsdocdetail': [{'itemcode': ITEM, 'qty': '20', 'unitprice': '7.25', 'disc': '10%+5'}]}))
    S['pv'] = record(send('POST', '/paymentvoucher', {
        'docdate': '2026-03-24', 'paymentmethod': '320-000',
        'sdsdocdetail': [{'code': '900-002', 'description': 'March rent', 'amount': '150.00', 'tax': 'SV-8'}]}))
    S['je'] = record(send('POST', '/journalentry', {'docdate': '2026-03-25', 'sdsdocdetail': [
        {'code': '610-000', 'dr': '25.50'}, {'code': '320-000', 'cr': '25.50'}]}))
    S['rc'] = record(send('POST', '/stockreceived', {'docdate': '2026-03-26', 'sdsdocdetail': [
        {'itemcode': ITEM, 'location': '----', 'qty': '50', 'unitcost': '7.25'},
        {'itemcode': 'ANT', 'location': '----', 'qty': '2', 'uom': 'BOX', 'unitcost': '200.00'}]}))
    S['xf'] = record(send('POST', '/stocktransfer', {'docdate': '2026-03-27', 'sdsdocdetail': [
        {'itemcode': ITEM, 'fromlocation': '----', 'tolocation': 'KL', 'qty': '12'}]}))


# ---------------------------------------------------------------------------------------------------
def pdf_text(raw):
    with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
        f.write(raw)
        f.flush()
        p = subprocess.run(['pdftotext', '-layout', f.name, '-'], capture_output=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError('pdftotext failed: %s' % p.stderr.decode('utf-8', 'replace'))
    return p.stdout.decode('utf-8', 'replace')


def expect_pdf(name, reply, docno, lines, absent=()):
    """200 application/pdf, %PDF-, Content-Disposition naming the docno, and `pdftotext -layout` text in
    which each regex of `lines` matches within one line and no regex of `absent` matches."""
    ct = reply.header('Content-Type') or ''
    if reply.status != 200 or not ct.startswith('application/pdf') or not reply.raw.startswith(b'%PDF-'):
        return report(name, False, 'expected HTTP 200 application/pdf starting %%PDF-\n%s' % reply)
    cd = reply.header('Content-Disposition') or ''
    try:
        text = pdf_text(reply.raw)
    except Exception as e:  # noqa: BLE001
        return report(name, False, str(e))
    missing = [x for x in lines if not re.search(x, text, re.M)]
    present = [x for x in absent if re.search(x, text, re.M)]
    why = []
    if missing:
        why.append('no line matches %r' % missing)
    if present:
        why.append('unexpected %r' % present)
    if ('filename="%s.pdf"' % docno) not in cd:
        why.append('Content-Disposition %r does not name %s.pdf' % (cd, docno))
    return report(name, not why, '; '.join(why) + '\n' + text[:3000])


def pdf_page_size(raw):
    """pdfinfo's "Page size:" value, e.g. "595.276 x 419.528 pts"."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as f:
        f.write(raw)
        f.flush()
        out = subprocess.run(['pdfinfo', f.name], capture_output=True, timeout=30).stdout.decode()
    m = re.search(r'^Page size:\s*(.*)$', out, re.M)
    return m.group(1).strip() if m else ''


def listed_as(name):
    """How a 404 lists a template: "Sales Order <n>" for "Sales Order 1 (SST 1)"."""
    m = re.match(r'^(.*?[A-Za-z])\s*\d', name)
    return m.group(1) + ' <n>' if m else name


def money_re(label, amount):
    return r'%s\s+%s\s*$' % (re.escape(label), re.escape(amount))


def pdfs():
    so, iv, pi, pm, je, pv, rc, xf = (S.get(k) for k in ('so', 'iv1', 'pi', 'pm', 'je', 'pv', 'rc', 'xf'))
    sname = S.get('supplier_name') or '?'
    docs = [  # resource, record, template, regexes that must match one line of the text, regexes that must not
        ('salesorder', so, 'Sales Order 1 (SST 1)',
         [r'^\s*%s\s*$' % CUST_NAME, r'^\s*LOT 7, JALAN TUN RAZAK\s*$', money_re('Subtotal', '383.60'),
          money_re('SST', '36.14'), money_re('Total (MYR)', '419.74')], []),
        ('salesinvoice', iv, 'Sales Invoice 8 (SST 1)',
         [r'^\s*%s\s*$' % CUST_NAME, r'\b10\s+UNIT\b.*\bSV-8\s+8\.89\s+111\.15\s*$',
          r'\bANT\b.*\b2\s+UNIT\b.*\bST-10\s+18\.16\s+181\.64\s*$',
          money_re('Subtotal', '292.79'), money_re('SST', '27.05'), money_re('Total (MYR)', '319.84')],
         [r'CANCELLED']),
        ('purchaseinvoice', pi, 'Purchase Invoice 8 (SST 1)',
         [r'^\s*%s\s*$' % re.escape(sname), r'10%\+5\s+0\.00\s+125\.50\s*$', money_re('Total (MYR)', '125.50')], []),
        ('customerpayment', pm, 'Official Receipt 1',
         [r'^\s*%s\s*$' % CUST_NAME, r'\bIV\s+IV-00001\b.*\b319\.84\s*$', r'\bIV\s+IV-00002\b.*\b50\.00\s*$',
          money_re('Unapplied', '30.16'), money_re('Total Received (MYR)', '400.00'), r'\bCANCELLED\b'], []),
        ('journalentry', je, 'GL Journal Voucher - Half (SST)',
         [r'\b610-000\b.*\s25\.50\s+0\.00\s*$', r'\b320-000\b.*\s0\.00\s+25\.50\s*$',
          money_re('Total Debit', '25.50'), money_re('Total Credit', '25.50')], []),
        ('paymentvoucher', pv, 'GL Payment Voucher - Detail - Half (SST)',
         [r'\b900-002\s+March rent\s+SV-8\s+12\.00\s+150\.00\s*$', money_re('Total (MYR)', '162.00')], []),
        ('stockreceived', rc, 'Stock Received - Location',
         [r'\b%s\b.*\b50\s+UNIT\b.*\b362\.50\s*$' % ITEM, r'\bANT\b.*\b2\s+BOX\b.*\b400\.00\s*$',
          money_re('Total (MYR)', '762.50')], []),
        ('stocktransfer', xf, 'Stock Transfer',
         [r'\b%s\b.*\s----\s+KL\s+12\s+UNIT\s*$' % ITEM], []),
    ]
    for resource, rec, tmpl, lines, absent in docs:
        if not rec:
            report('%s PDF: no document from the earlier steps' % resource, False)
            continue
        path = '/%s/%d' % (resource, rec['dockey'])
        lines = [r'\b%s\b' % re.escape(rec['docno'])] + lines
        ct = 'application/pdf;template=' + tmpl
        expect_pdf('%s %s: signed Content-Type %s' % (resource, rec['docno'], ct),
                   send('GET', path, headers={'Content-Type': ct}), rec['docno'], lines, absent)
        expect_pdf('%s %s: Content-Type added after signing' % (resource, rec['docno']),
                   send('GET', path, after_signing={'Content-Type': ct}), rec['docno'], lines, absent)
        expect_pdf('%s %s: Accept: application/pdf (default template)' % (resource, rec['docno']),
                   send('GET', path, headers={'Accept': 'application/pdf'}), rec['docno'], lines, absent)
        r = send('GET', path, headers={'Content-Type': 'application/pdf;template=No Such Form'})
        ok = expect_problem('%s: unknown template -> 404 UnknownTemplate' % resource, r, 404, 'UnknownTemplate')
        if ok:
            report('%s: the 404 lists the known names (incl. %r)' % (resource, listed_as(tmpl)),
                   ("'%s'" % listed_as(tmpl)) in r.json['message'], r)
    if iv:
        r = send('GET', '/salesinvoice/%d' % iv['dockey'], headers={'Accept': 'application/json'})
        expect('Accept: application/json still gives the JSON record', r, 200,
               lambda j: j['data'][0]['docno'] == 'IV-00001')
        r = send('GET', '/salesinvoice/%d' % iv['dockey'], headers={'Content-Type': 'application/pdf;template=Sales Order 1 (SST 1)'})
        expect_problem("a sales order's template for an invoice -> 404 UnknownTemplate", r, 404, 'UnknownTemplate')


A4 = '595.276 x 841.89 pts (A4)'
A5_LANDSCAPE = '595.276 x 419.528 pts'


def expect_page(name, reply, size):
    got = pdf_page_size(reply.raw) if reply.status == 200 else ''
    return report(name, got.startswith(size), 'page size %r, expected %r\n%s' % (got, size, reply))


def variants():
    """The original's other built-in names print the invoice: "(Simple)" without the discount and
    tax columns, "Half" on A5 landscape; what is not a built-in name is a 404 listing what works."""
    iv = S.get('iv1')
    if not iv:
        return report('variants: no invoice from the earlier steps', False)
    path = '/salesinvoice/%d' % iv['dockey']
    pdf = lambda name: send('GET', path, headers={'Content-Type': 'application/pdf;template=' + name})  # noqa: E731
    totals = [money_re('Subtotal', '292.79'), money_re('SST', '27.05'), money_re('Total (MYR)', '319.84')]
    full = [r'\bDisc\b', r'\bTax Amt\b']
    r = pdf('Sales Invoice 3 (Simple)')
    expect_pdf('invoice by "Sales Invoice 3 (Simple)": no discount or tax columns, same totals', r,
               iv['docno'], [r'\b10\s+UNIT\s+12\.35\s+111\.15\s*$'] + totals, full)
    expect_page('"Sales Invoice 3 (Simple)" is A4 portrait', r, A4)
    r = pdf('sales invoice 8 (sst 2)-aging')
    expect_pdf('invoice by "Sales Invoice 8 (SST 2)-Aging" (any case): the full form', r, iv['docno'],
               [r'\bDisc\b.*\bTax Amt\b'] + totals)
    r = pdf('Sales  Invoice 5 - Half Page ')
    expect_pdf('invoice by "Sales Invoice 5 - Half Page" (double and trailing spaces)', r, iv['docno'], totals)
    expect_page('"Sales Invoice 5 - Half Page" is A5 landscape', r, A5_LANDSCAPE)
    r = pdf('Sales Invoice 8 (SST 2) Custom')
    if expect_problem('a name that is no built-in and no alias -> 404 UnknownTemplate', r, 404, 'UnknownTemplate'):
        report('the 404 lists the stem and the exact names',
               "'Sales Invoice <n>'" in r.json['message'] and
               "'1. This is Custom Format For Sales Invoice (RTM)'" in r.json['message'], r)


def cli_alias():
    """The alias test_documents.sh registered with `sqlacc template alias add` prints (a half page)."""
    iv = S.get('iv1')
    name = os.environ.get('CLI_ALIAS')
    if not iv or not name:
        return report('cli_alias: no invoice or no CLI_ALIAS', False)
    r = send('GET', '/salesinvoice/%d' % iv['dockey'],
             headers={'Content-Type': 'application/pdf;template=' + name.lower()})
    expect_pdf('invoice by the CLI alias %r' % name, r, iv['docno'], [money_re('Total (MYR)', '319.84')])
    expect_page('the CLI alias prints its built-in: A5 landscape', r, A5_LANDSCAPE)
    r = send('GET', '/template/alias?object=salesinvoice')
    expect('GET /template/alias?object=salesinvoice lists the CLI alias', r, 200,
           lambda j: j['data'] == [{'object': 'salesinvoice', 'name': name,
                                    'template': 'Sales Invoice 5 - Half Page'}])


def api_alias():
    """A company alias through the signed API: create, print, list, refuse, delete."""
    iv = S.get('iv1')
    if not iv:
        return report('api_alias: no invoice from the earlier steps', False)
    path = '/salesinvoice/%d' % iv['dockey']
    name = 'Invoice (Simple) via API'
    pdf = lambda n: send('GET', path, headers={'Content-Type': 'application/pdf;template=' + n})  # noqa: E731
    expect_problem('before it is registered, the alias is a 404', pdf(name), 404, 'UnknownTemplate')
    body = {'object': 'salesinvoice', 'name': name, 'template': 'Sales Invoice 3 (Simple)'}
    expect('POST /template/alias registers it', send('POST', '/template/alias', body), 200,
           lambda j: j['data'] == [body])
    expect_problem('the same alias again (other case) -> 409', send('POST', '/template/alias', dict(
        body, name=name.upper())), 409, 'Conflict')
    expect_problem('a built-in name as an alias -> 400 naming name', send('POST', '/template/alias', dict(
        body, name='Sales Invoice 4 (Simple)')), 400, 'ValidationError', 'name')
    expect_problem("a sales order's template -> 400 naming template", send('POST', '/template/alias', dict(
        body, name='SO form', template='Sales Order 1')), 400, 'ValidationError', 'template')
    expect_problem('an object without printed forms -> 400 naming object', send('POST', '/template/alias', dict(
        body, object='agent')), 400, 'ValidationError', 'object')
    expect_problem('an unknown field -> 400 naming it', send('POST', '/template/alias', dict(
        body, layout='x')), 400, 'ValidationError', 'layout')
    r = pdf(name)
    expect_pdf('invoice by the API alias: the simple form', r, iv['docno'],
               [money_re('Total (MYR)', '319.84')], [r'\bTax Amt\b'])
    r = pdf('No Such Form')
    if expect_problem('the 404 lists the aliases too', r, 404, 'UnknownTemplate'):
        report('... naming the alias', ("aliases: '%s'" % name) in r.json['message'], r)
    expect('the alias is not a sales order template', send('GET', '/salesorder/%d' % S['so']['dockey'], headers={
        'Content-Type': 'application/pdf;template=' + name}), 404)
    r = send('DELETE', '/template/alias/salesinvoice/' + urllib.parse.quote(name.lower(), safe=''))
    expect('DELETE /template/alias/salesinvoice/{name} removes it', r, 200,
           lambda j: j['message'] == 'Deleted' and j['data'] == [body])
    expect_problem('after the removal, the alias is a 404', pdf(name), 404, 'UnknownTemplate')
    expect_problem('deleting it again -> 404', send(
        'DELETE', '/template/alias/salesinvoice/' + urllib.parse.quote(name, safe='')), 404, 'NotFound')


STEPS = [setup_documents, pdfs, variants, cli_alias, api_alias]


def main():
    for step in STEPS:
        try:
            step()
        except Exception:  # noqa: BLE001 - a broken step is a failure, the next steps still run
            report('%s ran to the end' % step.__name__, False, traceback.format_exc())
    return summary()


if __name__ == '__main__':
    sys.exit(main())
