import { fail } from '../errors';
import { bool, freeText, obj, parseFields, positiveId } from '../fields';
import type { OpHandler } from './context';

/** `uacset` stores User Access Control profiles; `stats` (our extension) counts the app's data. */

const UacSet = obj({ uac: obj({ id: positiveId(), name: freeText(128), update: bool() }) });
const MAX_UAC_BYTES = 64 * 1024;

export const uacset: OpHandler = async (ctx, req) => {
  const { uac } = parseFields(UacSet, req);
  // The profile's many nested settings are kept as sent (mesibo defines them; we only store them).
  const raw = (req.uac ?? {}) as Record<string, unknown>;
  const { id: _id, update: _update, ...settings } = raw;
  const data = JSON.stringify(settings);
  if (data.length > MAX_UAC_BYTES) throw fail.badValue(`uac is larger than ${MAX_UAC_BYTES} bytes.`, ['uac']);
  return ctx.db.tx(async (q) => {
    if (uac.update || uac.id !== undefined) {
      if (uac.id === undefined) throw fail.badValue('uac.id is required to update a profile.', ['uac.id']);
      const r = await q.run('UPDATE uacs SET name = COALESCE(?, name), data = ?, ts = ? WHERE id = ? AND app_id = ?', [
        uac.name ?? null,
        data,
        ctx.now,
        uac.id,
        ctx.app.id,
      ]);
      if (r.changes === 0)
        throw fail.badValue(
          `No UAC profile with id ${uac.id} exists in this app.`,
          ['uac.id'],
          'Omit uac.id to create a profile.',
        );
      return { uac: { id: uac.id, name: uac.name ?? null } };
    }
    const row = await q.get<{ id: number; name: string }>(
      'INSERT INTO uacs (app_id, name, data, ts) VALUES (?, ?, ?, ?) RETURNING id, name',
      [ctx.app.id, uac.name ?? '', data, ctx.now],
    );
    return { uac: { id: Number(row?.id), name: row?.name ?? '' } };
  });
};

export const stats: OpHandler = async (ctx) => {
  const count = async (table: string) =>
    Number(
      (await ctx.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE app_id = ?`, [ctx.app.id]))?.n ?? 0,
    );
  const [users, groups, messages] = await Promise.all([count('users'), count('chat_groups'), count('messages')]);
  return { stats: { users, groups, messages } };
};
