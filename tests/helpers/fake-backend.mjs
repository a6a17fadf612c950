// A fake mesibo Backend API on loopback for the console's fault tests. Its behaviour is
// switched at run time (POST /__mode {"mode": ...}); it records every request's client
// address, app token and op (GET /__seen). Modes:
//   ok       plausible successful answers        false   result:false (NOUSER)
//   500      HTTP 500 with an HTML page          html    HTTP 200 with an HTML page
//   badjson  HTTP 200 with broken JSON           hang    never answers
//   drop     closes the connection after reading the request (as if it committed and died)
//   huge:N   a valid answer of N megabytes, streamed without a length (a backend gone wrong)
//   flood:N  usersget answers N rows whatever count asked for (other ops: ok)
//   drip     sends a byte of its answer every 100 ms, never finishing in time
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

/** A reply of `bytes` bytes, written as fast as the reader takes it; counts what was sent (GET /__sent). */
let sent = 0;
function streamHuge(res, op, bytes) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const row = `${JSON.stringify({ uid: 1, address: 'huge', name: 'x'.repeat(200), active: true, flags: 0 })},`;
  const chunk = row.repeat(Math.ceil(65536 / row.length));
  sent = 0;
  res.write(`{"op":${JSON.stringify(op)},"result":true,"users":[`);
  const more = () => {
    while (sent < bytes) {
      sent += chunk.length;
      if (!res.write(chunk)) return res.once('drain', more);
    }
    res.end(`${row.slice(0, -1)}]}`);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  res.on('error', () => {}); // the reader hung up at its cap: expected
  more();
}

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
      if (req.url === '/__sent') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ sent }));
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
        case 'drip': {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          const timer = setInterval(() => res.write(' '), 100);
          return res.on('close', () => clearInterval(timer));
        }
      }
      if (effective.startsWith('huge:')) return streamHuge(res, request.op, Number(effective.slice(5)) * 1024 * 1024);
      if (effective.startsWith('flood:')) {
        if (request.op !== 'usersget')
          return json(200, { op: request.op, result: true, ...ok(request.op, request.user?.address ?? '') });
        const users = Array.from({ length: Number(effective.slice(6)) }, (_, i) => ({
          uid: i + 1,
          address: `flood-${i}`,
          name: `Flood ${i}`,
          active: true,
          flags: 0,
          ts: 1_700_000_000,
        }));
        return json(200, { op: 'usersget', result: true, users });
      }
    });
  })
  .listen(port, '127.0.0.1', () => process.stdout.write(`fake backend on ${port}\n`));
