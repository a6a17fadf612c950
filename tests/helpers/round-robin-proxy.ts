// A load balancer for tests and trials: every request (not every connection) goes to the
// next instance in turn, so consecutive requests of one browser land on different instances.
// It appends the client's address to X-Forwarded-For (instances run with TRUST_PROXY=1) and
// says which instance answered in `x-served-by` (1-based).
// For tests only, two request headers steer it: `x-instance: N` sends the request to instance
// N, and `x-client-address` stands for the address it saw (clients from many addresses).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export function startProxy(port: number, upstreams: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const targets = upstreams.map((u) => ({ url: new URL(u), agent: new http.Agent({ keepAlive: true }) }));
  let turn = 0;
  const server = http.createServer((req, res) => {
    const pinned = Number(req.headers['x-instance']);
    const index = pinned >= 1 && pinned <= targets.length ? pinned - 1 : turn++ % targets.length;
    const { url, agent } = targets[index];
    const seen = String(req.headers['x-client-address'] ?? req.socket.remoteAddress ?? '');
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    delete headers['x-instance'];
    delete headers['x-client-address'];
    headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${seen}` : seen;
    const upstream = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': String(index + 1) });
        answer.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', 'x-served-by': String(index + 1) });
      res.end(`instance ${index + 1} failed: ${e.message}\n`);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}
