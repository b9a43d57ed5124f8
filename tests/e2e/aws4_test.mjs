// npm aws4 (mhart, pinned in package.json) signing requests to a running sqlacc.
// Run by test_aws4.sh as `node --test --test-reporter=tap aws4_test.mjs` from tests/e2e, with BASE
// (http://127.0.0.1:PORT), AK and SK in the environment.
//
// aws4 for a non-S3 service: signs host + x-amz-date + the given headers (content-type,
// content-length), hashes the body, sorts the query, double-encodes the path (`*` -> %2A). In query mode
// (signQuery: true) it adds no X-Amz-Expires unless the caller puts one in the path: the server then
// applies its 900 s default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import aws4 from 'aws4';

const BASE = new URL(process.env.BASE);
const creds = { accessKeyId: process.env.AK, secretAccessKey: process.env.SK };
const S5 = { region: 'ap-southeast-5', service: 'sqlaccount' };
const S1 = { region: 'ap-southeast-1', service: 'execute-api' };

// Sends exactly opts.path with opts.headers; resolves { status, headers, text, json }.
function send(opts) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: BASE.hostname, port: BASE.port, method: opts.method || 'GET', path: opts.path, headers: opts.headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

function signed(method, path, { scope = S5, body, headers = {}, signQuery = false } = {}) {
  const opts = {
    host: BASE.hostname, port: Number(BASE.port), method, path, ...scope, signQuery,
    headers: { ...headers },
  };
  if (body !== undefined) {
    opts.body = typeof body === 'string' ? body : JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  aws4.sign(opts, creds);
  return opts;
}

const call = async (...args) => send(signed(...args));
const show = (r) => `HTTP ${r.status}: ${r.text.slice(0, 800)}`;

test('header-signed GET /agent (ap-southeast-5/sqlaccount)', async () => {
  const opts = signed('GET', '/agent');
  assert.match(opts.headers.Authorization, /^AWS4-HMAC-SHA256 Credential=.*\/ap-southeast-5\/sqlaccount\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/);
  const r = await send(opts);
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.pagination.offset, 0);
  assert.equal(r.json.pagination.count, r.json.data.length);
  assert.ok(r.json.data.some((a) => a.code === 'ALI'), show(r));
});

test('header-signed GET /agent (ap-southeast-1/execute-api)', async () => {
  const r = await call('GET', '/agent', { scope: S1 });
  assert.equal(r.status, 200, show(r));
  assert.ok(Array.isArray(r.json.data));
});

test('header-signed GET /agent?offset=0&limit=2 (aws4 sorts the query)', async () => {
  const r = await call('GET', '/agent?offset=0&limit=2');
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.data.length, 2);
  assert.equal(r.json.pagination.limit, 2);
});

test('header-signed GET /agent/*?code=ALI (aws4 signs /agent/%2A)', async () => {
  const r = await call('GET', '/agent/*?code=ALI');
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.json.data.map((a) => a.code), ['ALI']);
});

test('header-signed POST /agent, GET it, PUT, DELETE', async () => {
  let r = await call('POST', '/agent', { body: { code: 'AWS4A', description: 'created by aws4' } });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.data[0].code, 'AWS4A');
  r = await call('GET', '/agent/AWS4A', { scope: S1 });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.data[0].description, 'created by aws4');
  r = await call('PUT', '/agent/AWS4A', { body: { code: 'AWS4A', description: 'updated by aws4', isactive: true } });
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.data[0].description, 'updated by aws4');
  r = await call('DELETE', '/agent/AWS4A');
  assert.equal(r.status, 200, show(r));
  r = await call('GET', '/agent/AWS4A');
  assert.equal(r.status, 404, show(r));
});

test('header-signed POST with a body changed after signing is refused', async () => {
  const opts = signed('POST', '/agent', { body: { code: 'AWS4X', description: 'x' } });
  opts.body = JSON.stringify({ code: 'AWS4Y', description: 'x' });
  const r = await send(opts);
  assert.equal(r.status, 401, show(r));
  assert.equal(r.json.code, 'SignatureDoesNotMatch');
  const l = await call('GET', '/agent?code=AWS4Y');
  assert.equal(l.status, 200, show(l));
  assert.ok(!l.json.data.some((a) => a.code === 'AWS4Y' || a.code === 'AWS4X'), show(l));
});

test('signQuery presigned GET /agent (no X-Amz-Expires: 900 s default)', async () => {
  const opts = signed('GET', '/agent?limit=2&offset=0', { signQuery: true });
  assert.ok(!opts.path.includes('X-Amz-Expires'), opts.path);
  assert.ok(opts.path.includes('X-Amz-Signature='), opts.path);
  assert.equal(opts.headers.Authorization, undefined);
  const r = await send(opts);
  assert.equal(r.status, 200, show(r));
  assert.equal(r.json.data.length, 2);
});

test('signQuery presigned GET with X-Amz-Expires=300 (execute-api)', async () => {
  const r = await call('GET', '/agent?X-Amz-Expires=300', { scope: S1, signQuery: true });
  assert.equal(r.status, 200, show(r));
});

test('signQuery presigned GET /agent/*?code=ALI', async () => {
  const r = await call('GET', '/agent/*?code=ALI', { signQuery: true });
  assert.equal(r.status, 200, show(r));
  assert.deepEqual(r.json.data.map((a) => a.code), ['ALI']);
});

test('signQuery presigned URL with a tampered parameter is refused', async () => {
  const opts = signed('GET', '/agent?limit=2&offset=0', { signQuery: true });
  opts.path = opts.path.replace('limit=2', 'limit=3');
  const r = await send(opts);
  assert.equal(r.status, 401, show(r));
  assert.equal(r.json.code, 'SignatureDoesNotMatch');
});
