// A fake mesibo Backend API on loopback for the console's fault tests. Its behaviour is
// switched at run time (POST /__mode {"mode": ...}); it records every request's client
// address, app token and op (GET /__seen). Modes:
//   ok       plausible successful answers        false   result:false (NOUSER)
//   500      HTTP 500 with an HTML page          html    HTTP 200 with an HTML page
//   badjson  HTTP 200 with broken JSON           hang    never answers
//   drop     closes the connection after reading the request (as if it committed and died)
import http from 'node:http';

const port = Number(process.argv[2] ?? 3219);
let mode = 'ok';
const seen = [];

const ok = (op, pattern = '') => {
  switch (op) {
    case 'stats':
      return { stats: { users: 1, groups: 0, messages: 0 } };
    case 'usersget':
      // A listing shows one user; an exact lookup (no '*') finds nobody, so "New user" may proceed.
      return pattern.includes('*') || pattern === ''
        ? {
            users: [
              { uid: 1, address: 'remote-user', name: 'Remote', active: true, flags: 0, ts: 1_700_000_000, tokens: [] },
            ],
          }
        : { users: [] };
    case 'useradd':
      return { user: { uid: 2, address: 'x', name: '', active: true, flags: 0 } };
    default:
      return {};
  }
};

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (req.url === '/__mode') {
        mode = JSON.parse(body).mode;
        res.end('{}');
        return;
      }
      if (req.url === '/__seen') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(seen));
        return;
      }
      let request = {};
      try {
        request = JSON.parse(body);
      } catch {}
      seen.push({ address: req.socket.remoteAddress, token: request.token, op: request.op, mode });
      const json = (status, obj) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      // "drop:<op>": only that op's requests are dropped; every other op is answered normally.
      const effective = mode.startsWith('drop:') ? (request.op === mode.slice(5) ? 'drop' : 'ok') : mode;
      switch (effective) {
        case 'ok':
          return json(200, { op: request.op, result: true, ...ok(request.op, request.user?.address ?? '') });
        case 'false':
          return json(200, {
            op: request.op,
            result: false,
            error: 'NOUSER',
            code: 404,
            cause: 'No user "remote-x" exists in this app.',
            action: 'Create the user first.',
            properties: ['user.address'],
          });
        case '500':
          res.writeHead(500, { 'Content-Type': 'text/html' });
          return res.end('<html><body><h1>Internal Server Error</h1><p>upstream-stack-trace-marker</p></body></html>');
        case 'html':
          res.writeHead(200, { 'Content-Type': 'text/html' });
          return res.end('<html>upstream-html-marker</html>');
        case 'badjson':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          return res.end('{"op":"usersget","result":tr');
        case 'hang':
          return;
        case 'drop':
          return req.socket.destroy();
      }
    });
  })
  .listen(port, '127.0.0.1', () => process.stdout.write(`fake backend on ${port}\n`));
