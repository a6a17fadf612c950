import { fail } from '../errors';
import { bool, freeText, obj, optObj, parseFields, positiveId, rateLimit, uint } from '../fields';
import type { OpContext, OpHandler, Queryable } from './context';

/**
 * `uacset`: User Access Control profiles, as mesibo's own `uac.sh` sends them (contract
 * section 5, "Other"). The caller chooses the profile id: `update: 0` (or absent) creates it,
 * `update: 1` changes an existing one; without an id a fresh one is chosen. Ids belong to an
 * app. Every known field is checked for type and range, naming the field; unknown fields are
 * kept as sent, since mesibo adds settings over time and only stores them here.
 */
export const PLATFORMS = ['android', 'ios', 'javascript', 'cpp', 'python', 'sfu'] as const;
const MAX_UAC_BYTES = 64 * 1024;

const flags = <K extends string>(...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, bool()])) as Record<K, ReturnType<typeof bool>>;
const counts = <K extends string>(...names: K[]) =>
  Object.fromEntries(names.map((n) => [n, uint()])) as Record<K, ReturnType<typeof uint>>;
const search = () => optObj({ ...counts('min_radius', 'max_radius', 'maxage', 'reach'), bounds: bool() });

const UacSet = obj({
  uac: obj({
    id: positiveId(),
    name: freeText(128),
    update: bool(),
    peers: uint(3), // 0 all, 1 specific peers, 2 contacts, 3 favourites
    platforms: freeText(128),
    ...flags(...PLATFORMS),
    app: optObj({ name: freeText(128), data: freeText(16_384) }),
    features: optObj(flags('group', 'e2ee', 'message', 'presence', 'call', 'sync', 'push', 'location', 'files')),
    message: optObj(
      flags(
        'incoming',
        'outgoing',
        'rich',
        'broadcast',
        'read_receipts',
        'delivery_receipts',
        'storage',
        'url_preview',
        'webhook',
      ),
    ),
    presence: optObj({
      ...flags('incoming', 'outgoing', 'typing', 'online', 'joined', 'lastseen', 'login', 'request', 'can_override'),
      lastseen_resolution: uint(),
      online_audience: uint(), // 0 all, 1 contacts, 2 subscribers, 3 favourites, 4 and up a group id
    }),
    call: optObj({
      ...flags('incoming', 'outgoing', 'video', 'audio', 'turn', 'hd', 'fhd', 'log'),
      maxdur: uint(),
      turn_server: freeText(256),
    }),
    conf: optObj({ ...flags('video', 'audio', 'screen', 'hd', 'fhd'), maxdur: uint() }),
    group: optObj({ ...flags('create', 'member', 'message', 'presence', 'call', 'location'), max_groups: uint() }),
    file: optObj({ ...flags('upload', 'signed'), max_size: uint(), upload_url: freeText(2048) }),
    location: optObj({
      ...flags('emulator', 'mock', 'send_real', 'can_sub', 'anti_triang'),
      send_age: uint(),
      user: optObj(counts('reach', 'accuracy', 'fuzziness', 'maxage')),
      group: optObj(counts('reach', 'maxage')),
      subs: optObj({ ...counts('count', 'duration'), sendreal: bool() }),
    }),
    proximity_search: optObj({ user: search(), group: search() }),
    ratelimit: optObj({
      message: rateLimit(),
      call: rateLimit(),
      upload: rateLimit(),
      location: rateLimit(),
      login: rateLimit(),
      failure: rateLimit(),
    }),
  }),
});
type Uac = ReturnType<typeof parseFields<typeof UacSet>>['uac'];

/** Rules across fields, each failure naming its field. */
function checkCombinations(uac: Uac) {
  const named = (uac.platforms ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = named.filter((p) => !(PLATFORMS as readonly string[]).includes(p));
  if (unknown.length)
    throw fail.badValue(
      `uac.platforms names an unknown platform: ${unknown.map((p) => `"${p.slice(0, 32)}"`).join(', ')}.`,
      ['uac.platforms'],
      `Use a comma-separated list of: ${PLATFORMS.join(', ')}; or "" for every platform.`,
    );
  // "" and 0 mean "not given" (the script always sends both forms), so only two real ones clash.
  const flagged = PLATFORMS.filter((p) => uac[p]);
  if (named.length && flagged.length)
    throw fail.badValue('uac.platforms and the per-platform flags both name platforms; use one form, not both.', [
      'uac.platforms',
      ...flagged.map((p) => `uac.${p}`),
    ]);
  if (uac.update && named.length + flagged.length > 1)
    throw fail.badValue(
      'An update (uac.update 1) may name one platform or none.',
      ['uac.platforms'],
      'Update the profile once per platform.',
    );
  for (const who of ['user', 'group'] as const) {
    const s = uac.proximity_search?.[who];
    if (s?.min_radius !== undefined && s.max_radius !== undefined && s.min_radius > s.max_radius)
      throw fail.badValue(`uac.proximity_search.${who}.min_radius must not be larger than max_radius.`, [
        `uac.proximity_search.${who}.min_radius`,
      ]);
  }
}

type Settings = Record<string, unknown>;
const isObject = (v: unknown): v is Settings => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An update changes what it names: nested settings are merged onto the stored ones. */
function merge(stored: Settings, given: Settings): Settings {
  const out: Settings = { ...stored };
  for (const [k, v] of Object.entries(given))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Settings, v) : v;
  return out;
}

/** Inserts with `id`, or the app's next free id; undefined when `id` is taken. */
async function insert(q: Queryable, ctx: OpContext, id: number | undefined, name: string, data: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await q.get<{ id: number }>(
      `INSERT INTO uacs (app_id, id, name, data, ts)
       SELECT ?, ${id === undefined ? 'COALESCE(MAX(id), 0) + 1' : '?'}, ?, ?, ? ${id === undefined ? 'FROM uacs WHERE app_id = ?' : ''}
       ON CONFLICT (app_id, id) DO NOTHING RETURNING id`,
      id === undefined ? [ctx.app.id, name, data, ctx.now, ctx.app.id] : [ctx.app.id, id, name, data, ctx.now],
    );
    if (row) return Number(row.id);
    if (id !== undefined) return undefined;
    // Another request took that id meanwhile (PostgreSQL): take the next one.
  }
  throw new Error('no free UAC profile id after 5 attempts');
}

export const uacset: OpHandler = async (ctx, req) => {
  const { uac } = parseFields(UacSet, req);
  checkCombinations(uac);
  const { id: _id, update: _update, ...settings } = req.uac as Settings;
  if (JSON.stringify(settings).length > MAX_UAC_BYTES)
    throw fail.badValue(`uac is larger than ${MAX_UAC_BYTES} bytes.`, ['uac']);
  const name = uac.name || undefined; // "" is the script's "not set"
  return ctx.db.tx(async (q) => {
    if (!uac.update) {
      const id = await insert(q, ctx, uac.id, name ?? '', JSON.stringify(settings));
      if (id === undefined)
        throw fail.badValue(
          `A UAC profile with id ${uac.id} already exists in this app.`,
          ['uac.id'],
          'Send "update": 1 to change it, or choose another id.',
        );
      return { uac: { id, name: name ?? '' } };
    }
    if (uac.id === undefined) throw fail.badValue('uac.id is required to update a profile ("update": 1).', ['uac.id']);
    const stored = await q.get<{ name: string; data: string }>(
      'SELECT name, data FROM uacs WHERE app_id = ? AND id = ?',
      [ctx.app.id, uac.id],
    );
    if (!stored)
      throw fail.badValue(
        `No UAC profile with id ${uac.id} exists in this app.`,
        ['uac.id'],
        'Send "update": 0 to create it.',
      );
    const merged = merge(JSON.parse(stored.data) as Settings, settings);
    const newName = name ?? stored.name;
    await q.run('UPDATE uacs SET name = ?, data = ?, ts = ? WHERE app_id = ? AND id = ?', [
      newName,
      JSON.stringify(merged),
      ctx.now,
      ctx.app.id,
      uac.id,
    ]);
    return { uac: { id: uac.id, name: newName } };
  });
};
