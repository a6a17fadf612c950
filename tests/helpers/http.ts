import http from 'node:http';

/** One raw HTTP request (node:http, so any method, body and source address can be used). */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 32 });

export function request(
  url: string,
  options: {
    method?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    localAddress?: string;
    agent?: http.Agent;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        // Always a Content-Length: Node sends DELETE bodies without any framing otherwise.
        headers:
          options.body === undefined
            ? options.headers
            : { 'Content-Length': String(Buffer.byteLength(options.body)), ...options.headers },
        localAddress: options.localAddress,
        agent: options.agent ?? (options.localAddress ? false : keepAlive),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const postJson = (url: string, body: unknown, extra: { localAddress?: string } = {}) =>
  request(url, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, ...extra });
