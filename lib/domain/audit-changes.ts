/**
 * What a change changed, field by field, as the audit log keeps and shows it: `active: true →
 * false`, `name: "A" → "B"` (browser-safe). Only fields named by the change are compared, so a
 * token, a password or a secret is never among them. `basis` says where the value before came
 * from: the backend, read just before the change; the console's directory (an app whose backend
 * cannot list), which may have been stale; or the console's own records (operators).
 */
export type Shown = string | number | boolean | null;
export interface FieldChange {
  field: string;
  /** Absent: not known before (not found where it was read); null: none. */
  from?: Shown;
  to: Shown;
}
export interface Changes {
  basis: 'backend' | 'directory' | 'console';
  fields: FieldChange[];
}

/**
 * What an action returns when it changed something it can say field by field: the caller gets
 * `data`, the audit entry `changes` (lib/actions/run.ts unwraps it).
 */
export class Changed<T> {
  constructor(
    readonly data: T,
    readonly changes: Changes,
  ) {}
}

const shownOf = (v: unknown): Shown =>
  v === undefined || v === null
    ? null
    : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : String(v);

/** The fields among `fields` whose value differs between `before` (undefined: not known) and `after`. */
export function fieldChanges<T extends object>(
  before: T | undefined,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  return fields
    .map((field) => ({
      field,
      ...(before === undefined ? {} : { from: shownOf(before[field]) }),
      to: shownOf(after[field]),
    }))
    .filter((c) => !('from' in c) || c.from !== c.to);
}

const valueText = (v: Shown | undefined) =>
  v === undefined ? '(not known)' : v === null ? '(none)' : typeof v === 'string' ? JSON.stringify(v) : String(v);

/** `active: true → false`; `name: "A" → "B"`. */
export const changeText = (c: FieldChange) => `${c.field}: ${valueText(c.from)} → ${valueText(c.to)}`;

/** Where the before came from, when it may not be the backend's own. */
export const DIRECTORY_BASIS = "before: as this console's directory knew it";

/** One line for a CSV cell or a log: every field, and the basis where it may be stale. */
export function changesText(c: Changes): string {
  const fields = c.fields.map(changeText).join('; ');
  return c.basis === 'directory' ? `${fields} (${DIRECTORY_BASIS})` : fields;
}

/** The changes stored with an entry (JSON), or undefined where none were said or the text is not theirs. */
export function parseChanges(text: string): Changes | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as Changes;
    return Array.isArray(v?.fields) && ['backend', 'directory', 'console'].includes(v.basis) ? v : undefined;
  } catch {
    return undefined;
  }
}
