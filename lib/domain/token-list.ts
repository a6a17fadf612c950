/**
 * The App IDs a user holds a token for, as one CSV cell (an export's `app_ids`, an import's):
 * `web:2027-01-01T00:00Z;android:never`. Each App ID with its token's expiry in UTC (to the
 * minute, or to the second when it has seconds), `never` for a token that does not expire, or
 * nothing when the expiry is not known (an App ID learned from an import without one). Never a
 * token. Browser-safe; the one place of this format, both ways.
 */
import type { FieldChange } from './audit-changes';

export interface HeldAppId {
  appid: string;
  /** Epoch seconds; 0: never; UNKNOWN_EXPIRY: not known. */
  expires: number;
}
/** The expiry of an App ID learned without its token: not known. */
export const UNKNOWN_EXPIRY = -1;

const EXPIRY = /:(never|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z)$/;

export function expiryText(expires: number): string {
  if (expires === 0) return 'never';
  const iso = new Date(expires * 1000).toISOString();
  return expires % 60 === 0 ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

export function appIdsCell(tokens: readonly HeldAppId[]): string {
  return tokens.map((t) => (t.expires === UNKNOWN_EXPIRY ? t.appid : `${t.appid}:${expiryText(t.expires)}`)).join(';');
}

/**
 * An `app_ids` cell read back: each App ID with its expiry when the cell gives one. A suffix
 * that looks like an expiry but is not a real date is an error naming it; an App ID is checked
 * by the caller (its rules live with the other validations).
 */
export function readAppIdsCell(cell: string): { ids: HeldAppId[] } | { error: string } {
  const ids: HeldAppId[] = [];
  for (const part of cell.split(';')) {
    if (part === '') continue;
    const m = EXPIRY.exec(part);
    let expires = UNKNOWN_EXPIRY;
    if (m) {
      if (m[1] !== 'never') {
        const ms = Date.parse(m[1].length === 17 ? `${m[1].slice(0, 16)}:00Z` : m[1]);
        if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== m[1].slice(0, 16))
          return { error: `"${part.slice(0, 60)}": ${m[1]} is not a date and time.` };
        expires = Math.floor(ms / 1000);
      } else expires = 0;
    }
    const appid = m ? part.slice(0, m.index) : part;
    if (!ids.some((x) => x.appid === appid)) ids.push({ appid, expires });
  }
  return { ids };
}

/**
 * A token issued or removed, as the audit log says it (never the token): the field is the App ID's
 * token, its value the expiry (`expires 2027-01-01T00:00Z`, `expires never`), null where there is
 * none; `before` undefined where the user's tokens were not known.
 */
export function tokenChange(
  appid: string,
  before: readonly HeldAppId[] | undefined,
  after: { expires: number } | undefined,
): FieldChange {
  const state = (t: { expires: number } | undefined) =>
    t === undefined ? null : t.expires === UNKNOWN_EXPIRY ? 'expiry not known' : `expires ${expiryText(t.expires)}`;
  return {
    field: `token ${appid}`,
    ...(before === undefined ? {} : { from: state(before.find((t) => t.appid === appid)) }),
    to: state(after),
  };
}
