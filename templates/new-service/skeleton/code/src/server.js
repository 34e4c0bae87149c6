// ${{ values.name }}: a starting point that runs on the platform as is.
// ${{ values.template.header }}
'use strict';

const fs = require('node:fs');
const http = require('node:http');

const HEALTH_PATH = process.env.HEALTH_PATH || '${{ values.healthCheckPath }}';
const CONFIG_PATH = process.env.CONFIG_PATH || '/config/config.json';

/** /config/config.json (the service's Secrets Manager secret); {} when not mounted. */
function readConfig(path = CONFIG_PATH) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw new Error(`${path} is not valid JSON: ${error.message}`);
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The service's HTTP server; the probes and the load balancer call healthPath. */
function createServer({ healthPath = HEALTH_PATH } = {}) {
  return http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && pathname === healthPath) {
      send(res, 200, { status: 'ok' });
    } else {
      send(res, 404, { error: 'not found' });
    }
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT || '${{ values.port }}');
  const config = readConfig();
  const server = createServer();
  server.listen(port, () =>
    // Key names only: configuration values are secrets.
    console.log(`listening on ${port}, config keys: ${Object.keys(config)}`),
  );
  // Kubernetes sends SIGTERM, then SIGKILL 30 s later: finish what is in flight.
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(1), 25_000).unref();
  });
}

module.exports = { createServer, readConfig };
