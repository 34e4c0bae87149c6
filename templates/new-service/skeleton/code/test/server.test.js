// ${{ values.template.header }}
'use strict';

const assert = require('node:assert/strict');
const { once } = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, before, test } = require('node:test');
const { createServer, readConfig } = require('../src/server');

let server;
let base;

before(async () => {
  server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => server.close());

test('answers the health check with 200', async () => {
  const res = await fetch(`${base}${{ values.healthCheckPath }}`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
});

test('answers unknown paths with 404', async () => {
  const res = await fetch(`${base}/no-such-path-${Date.now()}`);
  assert.equal(res.status, 404);
});

test('reads /config/config.json, and runs without one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-'));
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, '{"port": 8080}');
  assert.deepEqual(readConfig(file), { port: 8080 });
  assert.deepEqual(readConfig(path.join(dir, 'missing.json')), {});
  fs.writeFileSync(file, '{not json');
  assert.throws(() => readConfig(file), /is not valid JSON/);
  fs.rmSync(dir, { recursive: true });
});
