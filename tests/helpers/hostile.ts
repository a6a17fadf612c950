/**
 * Generates malformed and hostile Backend API requests, reproducibly from a seed. Each
 * one is built to fail: either its body is not a JSON object, or its app token is wrong,
 * or (with the right token) at least one field is invalid. So a correct server answers
 * every one with a failure envelope and changes nothing.
 */
export function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPS = [
  'useradd',
  'userset',
  'userdel',
  'usertoken',
  'usersget',
  'groupadd',
  'groupset',
  'groupdel',
  'groupeditmembers',
  'groupgetmembers',
  'groupsget',
  'message',
  'messagesget',
  'otp',
  'uacset',
  'stats',
];
const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; DELETE FROM apps',
  '%',
  '_',
  '\\',
  '*',
  '%%%___***',
  '\u0000',
  '\u202e\u0000evil',
  '🙂'.repeat(40),
  'Ω≈ç√∫˜µ≤≥÷',
  '<script>alert(1)</script>',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '\ud800',
  ' ',
];
const NASTY_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  {},
  [null],
  { $gt: '' },
  { __proto__: { admin: true } },
  '',
  'x'.repeat(70_000),
];

export interface Hostile {
  body: string;
  contentType: string;
  /** Why it must fail: 'body' (400), 'token' (AUTHFAIL), or 'field' (BADVALUE or a 4xx class). */
  kind: 'body' | 'token' | 'field';
}

export function hostileRequests(count: number, validToken: string, seed = 1): Hostile[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nasty = (): unknown => (rnd() < 0.5 ? pick(NASTY_STRINGS) : pick(NASTY_VALUES));
  const randomObject = (depth: number): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    const n = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < n; i++) {
      const key = pick([
        'address',
        'name',
        'gid',
        'm',
        'token',
        'appid',
        'from',
        'to',
        'flags',
        'active',
        pick(NASTY_STRINGS),
      ]);
      o[key] = depth > 0 && rnd() < 0.3 ? randomObject(depth - 1) : nasty();
    }
    return o;
  };
  const deep = (n: number, open: string, close: string) => open.repeat(n) + close.repeat(n);
  // A field that is invalid for each op, whatever else the request holds.
  const invalidFor = (op: string): Record<string, unknown> => {
    const longAddress = 'a'.repeat(64 + Math.floor(rnd() * 100));
    switch (op) {
      case 'useradd':
        return { user: { ...randomObject(1), address: pick([longAddress, 5, '', 'tab\t', null, ['a']]) } };
      case 'userset':
      case 'userdel':
        return { user: { ...randomObject(1), address: pick([longAddress, 7, {}, '\n']), uid: 'one' } };
      case 'usertoken':
        return { user: { address: pick(NASTY_STRINGS), token: { appid: pick(['', 5, 'x'.repeat(200)]) } } };
      case 'usersget':
      case 'groupsget':
      case 'messagesget':
      case 'groupgetmembers':
        return { count: pick([0, 101, -5, '20', 2.5, 'all']), group: { gid: 1 } };
      case 'groupadd':
        return { group: { ...randomObject(1), flags: pick([-1, 'all', 1.5, {}]) } };
      case 'groupset':
      case 'groupdel':
        return { group: { ...randomObject(1), gid: pick([0, -3, 'x', 1.5, [], Number.MAX_SAFE_INTEGER + 10]) } };
      case 'groupeditmembers':
        return {
          group: { gid: pick(['x', 0, null]), members: { m: pick(NASTY_STRINGS), admin: pick(['yes', 2, {}]) } },
        };
      case 'message':
        return { message: { ...randomObject(1), from: pick([longAddress, 3, '']), type: pick(['text', -1]) } };
      case 'otp':
        return { otp: { address: pick([longAddress, '', 9]), tries: pick([-1, 'x']) } };
      case 'uacset':
        return { uac: { id: pick([0, 'x', -2]), name: 'x'.repeat(200) } };
      default:
        return { op: pick(['', 'USERADD', 'useradd ', 'constructor', '__proto__', 'toString', pick(NASTY_STRINGS)]) };
    }
  };

  const out: Hostile[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    if (r < 0.15) {
      const body = pick([
        () => '{"op":"useradd","token":',
        () => '[1,2,3]',
        () => '"just a string"',
        () => 'null',
        () => '123',
        () => deep(2000 + Math.floor(rnd() * 20000), '[', ']'),
        () => deep(2000, '{"a":', '}').replace(/}$/, '1}'),
        () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))).toString('latin1'),
        () => '{"op":"useradd"}garbage',
        () => '\ufeff{"op":',
      ])();
      out.push({ body, contentType: 'application/json', kind: 'body' });
    } else if (r < 0.45) {
      const op = pick(OPS);
      const token = pick([
        undefined,
        '',
        'x',
        validToken.slice(0, -1),
        `${validToken} `,
        validToken.toUpperCase(),
        ...NASTY_VALUES,
        ...NASTY_STRINGS,
      ]);
      const req = {
        op,
        token,
        id: pick([1, '1', null, 2.5]),
        user: randomObject(2),
        group: randomObject(2),
        message: randomObject(1),
      };
      if (rnd() < 0.2) {
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries({
          op,
          token: typeof token === 'string' ? token : 'bad',
          addr: pick(NASTY_STRINGS),
          gid: pick(NASTY_STRINGS),
          m: pick(NASTY_STRINGS),
        }))
          form.append(k, String(v));
        out.push({ body: form.toString(), contentType: 'application/x-www-form-urlencoded', kind: 'token' });
      } else {
        out.push({ body: JSON.stringify(req), contentType: 'application/json', kind: 'token' });
      }
    } else {
      const op = pick(OPS.filter((o) => o !== 'stats'));
      const req = { op, token: validToken, ...randomObject(1), ...invalidFor(op) };
      if (rnd() < 0.2)
        req.op = pick(['', 'USERADD', 'useradd ', 'constructor', '__proto__', 'toString', 'hasOwnProperty']);
      out.push({ body: JSON.stringify(req), contentType: 'application/json', kind: 'field' });
    }
  }
  return out;
}
