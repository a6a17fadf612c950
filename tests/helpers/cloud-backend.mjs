// A stand-in for mesibo's cloud Backend API: this product's own Backend API over HTTP (a real,
// stateful backend) behind a wrapper that answers the ops the cloud does not have (listing,
// searching, reading messages, statistics) as unknown, exactly as the issue describes.
//   node tests/helpers/cloud-backend.mjs <port> <url of a Backend API>
// GET /__seen lists the ops it received, so a test can tell what the console called; GET /__calls
// lists each as "op address" (how often a user was sent). POST /__delay {"ms": n} answers every
// request n ms late (a slow backend, so that a test can stop a server in the middle of a job).
import http from 'node:http';

const port = Number(process.argv[2] ?? 3220);
const target = process.argv[3] ?? 'http://127.0.0.1:3217/backend';
const ABSENT = new Set((process.env.CLOUD_ABSENT_OPS ?? 'usersget,users,groupsget,messagesget,stats').split(','));
const seen = [];
const calls = [];
let delayMs = 0;

http
  .createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/__seen' || req.url === '/__calls')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(req.url === '/__seen' ? seen : calls));
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/__delay') {
        delayMs = Number(JSON.parse(body.toString('utf8')).ms) || 0;
        return res.end('{}');
      }
      let op = '';
      try {
        const parsed = JSON.parse(body.toString('utf8'));
        op = String(parsed.op ?? '');
        calls.push(`${op} ${parsed.user?.address ?? ''}`);
      } catch {}
      seen.push(op);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (ABSENT.has(op)) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        return res.end(
          JSON.stringify({
            op,
            result: false,
            error: 'BADOP',
            code: 400,
            cause: 'Invalid operation',
            properties: ['op'],
          }),
        );
      }
      try {
        const r = await fetch(target, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        res.writeHead(r.status, { 'Content-Type': 'application/json' });
        res.end(Buffer.from(await r.arrayBuffer()));
      } catch {
        res.writeHead(502);
        res.end();
      }
    });
  })
  .listen(port, '127.0.0.1');
