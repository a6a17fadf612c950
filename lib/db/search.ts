import type { ListCount } from '@/lib/domain/list-query';
import { addressKey, foldedSearch, nameWords, uidOf } from '@/lib/domain/search-text';
import { likeLiteral } from './pattern';
import { type KeyedTable, keyStragglers, nameOrder } from './search-keys';
import type { Db, Param, Queryable } from './types';

/**
 * Search and sorted listing at millions of rows, for every table that keeps search keys beside
 * its rows (the bundled backend's users, the console's directory): a lower-case address column
 * and a table of the name's words (lib/domain/search-text.ts computes both).
 *
 * A search runs in phases, each newest first (or in the sort asked for), one keyset cursor
 * across them: the exact address (any case) or the uid; then addresses that start with it;
 * then names with a word that starts with each of its words. Each condition of a phase (its
 * own, and the filters) may name its matches from an index (a source); a phase may match a
 * handful of rows or most of them, and the best plan differs (as in listing.ts):
 * 1. few (a bounded probe of a source finds at most FEW): read those, sort them;
 * 2. some (the smallest source holds at most MANY): a filter whose index holds its rows in id
 *    order is read through that index, row after row, until the page is full; any other source
 *    gives its ids a growing batch at a time (newest first), or all of them for another sort;
 * 3. many everywhere: walk the sort's index and keep the matches, which fills a page quickly
 *    when matches are spread out; the walk is bounded (WALK rows), each chunk sized by the
 *    matches the walk has seen;
 * 4. many, but too few among the rows the walk saw: read them all from the smallest source and
 *    sort them (slowest, reached only when the cheaper plans could not fill the page).
 * Every statement is planned for its own values (Db.byValue): a range may hold 3 rows or 300,000.
 * Counts stop at COUNT_CAP rows: past it a list says "more than 10,000", never a guess.
 */
const FEW = 1000;
/** Read whole up to this many (5,000 on PostgreSQL sent rare combinations to slower walks). */
const MANY = { sqlite: 20_000, postgres: 20_000 };
const WALK = 20_000;
export const COUNT_CAP = 10_000;
/** Rows a count may check one by one before it says "at least": ~20 ms of work on each. */
const COUNT_WORK = { sqlite: 2_500, postgres: 1_000 };
// U+10FFFF sorts after every character in UTF-8 byte order (SQLite BINARY, PostgreSQL "C").
const TOP = '\u{10FFFF}';

export const SORTS = ['-created', 'created', 'address', 'name'] as const;
export type Sort = (typeof SORTS)[number];

/** A table that search reads (alias `t` in every statement). */
export interface SearchTable {
  table: string;
  /** Increases with creation: newest first, and the last key of every order. */
  id: string;
  /** The address in lower case; unset where rows have no address (groups). */
  key?: string;
  name: string;
  /** People: a name's words, `table (app_id, word, <id>)`. */
  words?: { table: string; id: string };
  /** Groups: the words of the name, each after a space (lib/domain/search-text.ts's nameKey). */
  nameKey?: string;
  /** What a whole-number search matches exactly (the uid or gid). */
  number: string;
  /**
   * SQLite: an FTS5 trigram table over `key` (or `nameKey`) whose rowid is `id` (PostgreSQL:
   * pg_trgm's index on that column).
   */
  trigrams?: string;
}

/** SQL on alias `t`, with its parameters. */
export interface Sql {
  sql: string;
  params: Param[];
}
/**
 * A condition on rows, and where it can, the ids that meet it from an index (its "source",
 * `SELECT … AS id`). `counted`: the condition as the searched table's own index decides it (a
 * range of the address key, `active = ?`): counting it reads only that index, and costs nothing of
 * a count's budget. `ordered`: that index holds the condition's rows in id order (`(app_id,
 * active, id)`), so the table is read through it directly: no lookup per id, and a page in
 * creation order stops at its last row. `unsized`: a source too costly to count past FEW (a
 * trigram index reads the rows themselves), taken to be large.
 */
export interface Condition {
  where: Sql;
  source?: Sql;
  counted?: Sql;
  ordered?: { where: Sql; index: string };
  unsized?: boolean;
}

export interface SearchRequest {
  appId: number;
  /** The search as typed: a `*` makes it a pattern of the address. */
  q?: string;
  sort: Sort;
  filters: readonly Condition[];
  after?: string;
  limit: number;
  /** Columns of `t` to read. */
  select: string;
}

type Cursor = { p: number; v: Param; id: number };
/** What a source was probed to hold: its ids (at most FEW), or how many (up to MANY + 1). */
type Sizes = Map<string, number[] | number>;
type Phase = Condition & { name: string; also?: Condition[] };
/** The cheapest way in that a plan found: a source's size, and the condition it belongs to. */
type Smallest = { size: number; source: Sql; of: Condition };

/** A cursor that does not decode is the caller's mistake: `BadCursor` names it. */
export class BadCursor extends Error {}

export class Search {
  /** What each source was probed to hold, kept for the request (a page and its count probe once). */
  private readonly sizes: Sizes = new Map();
  /** Statements planned for their values (a range may hold 3 rows or 300,000). */
  private readonly db: Pick<Queryable, 'all' | 'get'> & Pick<Db, 'dialect'>;

  constructor(
    db: Pick<Db, 'all' | 'get' | 'dialect' | 'byValue'>,
    private readonly t: SearchTable,
  ) {
    const q = db.byValue ?? db;
    this.db = {
      all: <T>(text: string, params?: Param[]) => q.all<T>(text, params),
      get: <T>(text: string, params?: Param[]) => q.get<T>(text, params),
      dialect: db.dialect,
    };
  }

  /** One page, and the cursor of the next (absent on the last). */
  async page<T>(r: SearchRequest): Promise<{ rows: T[]; next?: string }> {
    const phases = this.phases(r.appId, r.q);
    const after = r.after === undefined ? undefined : decodeCursor(r.after, phases.length);
    const rows: (T & { sv: Param; p: number })[] = [];
    for (let p = after?.p ?? 0; p < phases.length && rows.length <= r.limit; p++) {
      const from = after && after.p === p ? after : undefined;
      const got = await this.phaseRows<T>(r, phases[p], from, r.limit + 1 - rows.length);
      rows.push(...got.map((row) => ({ ...row, p })));
    }
    if (rows.length <= r.limit) return { rows: rows.map(strip) };
    const last = rows[r.limit - 1] as unknown as Record<string, Param> & { p: number };
    return {
      rows: rows.slice(0, r.limit).map(strip),
      next: encodeCursor({ p: last.p, v: last.sv, id: Number(last[this.t.id]) }),
    };
  }

  /**
   * How many rows the search and filters match: exact when that is cheap and at most COUNT_CAP;
   * else `more`, with how many were found (`atLeast`: a count that stopped early is never passed
   * off as the total). Cheap: a phase its own index decides is counted in that index (up to
   * COUNT_CAP); the others read at most COUNT_WORK rows in all (checked one by one: ~1 µs a row
   * on SQLite, ~20 µs on PostgreSQL).
   */
  async count(
    r: Pick<SearchRequest, 'appId' | 'q' | 'filters'>,
  ): Promise<{ total: number } | { more: true; atLeast: number }> {
    let found = 0;
    let budget = COUNT_WORK[this.db.dialect];
    for (const phase of this.phases(r.appId, r.q)) {
      const all = [phase, ...(phase.also ?? []), ...r.filters];
      // One index decides them all (the others are none, or the app): counted in that index.
      const byIndex = all.every((c) => c.counted) && all.filter((c) => c.counted?.sql !== 'TRUE').length <= 1;
      const where = byIndex ? and(...all.map((c) => c.counted ?? TRUE)) : and(...all.map((c) => c.where));
      let within: { from: Sql; where: Sql };
      if (byIndex) within = { from: sql(`${this.t.table} t`), where: TRUE };
      else {
        if (budget <= 0) return { more: true, atLeast: found };
        const plan = await this.plan(all);
        // No source: the app's rows themselves (a small table is read whole, and counted exactly).
        const reads = plan.few?.length ?? plan.smallest?.size ?? (await this.rowsUpTo(r.appId, budget + 1));
        const upTo = reads <= budget ? undefined : budget;
        const ordered = plan.few ? undefined : plan.smallest?.of.ordered;
        budget -= reads;
        if (ordered) {
          // Through its index, row by row: the matches among its first rows (all of them, or what is left of the budget).
          found += await this.countAlong(r.appId, ordered, where, upTo);
          if (found > COUNT_CAP) return { more: true, atLeast: found };
          continue;
        }
        // Too many to read: the first rows of the smallest source (or of the table), what is left of the budget.
        within = plan.few ? this.ofIds(plan.few) : this.fromSource(r.appId, plan.smallest?.source, upTo);
      }
      const cond = and(where, within.where);
      const row = await this.db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${within.from.sql} WHERE t.app_id = ? AND ${cond.sql} LIMIT ${COUNT_CAP + 1 - found}) c`,
        [...within.from.params, r.appId, ...cond.params],
      );
      found += Number(row?.n ?? 0);
      if (found > COUNT_CAP) return { more: true, atLeast: found };
    }
    return budget < 0 ? { more: true, atLeast: found } : { total: found };
  }

  /**
   * The rows of these ids, the ids first (handed over as one JSON parameter: thousands of
   * placeholders cost PostgreSQL more to plan than the lookups themselves, 90 ms for 8,192; and
   * the CROSS JOIN keeps SQLite's planner from scanning the app's rows and testing each id).
   */
  private ofIds(ids: number[]): { from: Sql; where: Sql } {
    const { t } = this;
    return this.db.dialect === 'postgres'
      ? {
          from: sql(`json_array_elements_text(CAST(? AS json)) j CROSS JOIN ${t.table} t`, JSON.stringify(ids)),
          where: sql(`t.${t.id} = CAST(j.value AS BIGINT)`),
        }
      : { from: sql(`json_each(?) j CROSS JOIN ${t.table} t`, JSON.stringify(ids)), where: sql(`t.${t.id} = j.value`) };
  }

  /** How many of the rows an ordered condition's index holds (the first `upTo` of them) also meet `where`. */
  private async countAlong(appId: number, ordered: NonNullable<Condition['ordered']>, where: Sql, upTo?: number) {
    const cond = and(ordered.where, sql(`t.app_id = ?`, appId));
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(hit) AS n FROM (SELECT CASE WHEN ${where.sql} THEN 1 END AS hit FROM ${this.indexed(ordered.index)} WHERE ${cond.sql}${upTo === undefined ? '' : ` LIMIT ${upTo}`}) c`,
      [...where.params, ...cond.params],
    );
    return Number(row?.n ?? 0);
  }

  /** The table read through one of its indexes: named on SQLite, whose planner has no statistics to go by. */
  private indexed(index: string) {
    return `${this.t.table} t${this.db.dialect === 'sqlite' ? ` INDEXED BY ${index}` : ''}`;
  }

  /** How many rows the app has in the table, counting no further than `cap`. */
  private async rowsUpTo(appId: number, cap: number): Promise<number> {
    const row = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${this.t.table} WHERE app_id = ? LIMIT ${cap}) c`,
      [appId],
    );
    return Number(row?.n ?? 0);
  }

  /**
   * The phases of a search (one, everything, without one). A phase's `where` reads the key as a
   * value (`|| ''`), never through its index: a planner that misjudges a range (PostgreSQL took
   * "sør…" for one row, not 11,905) would otherwise scan that range once per row of its own
   * source, 54 s instead of 20 ms. `counted`, the same condition through the index, is how a
   * phase the index decides is counted.
   */
  private phases(appId: number, q: string | undefined): Phase[] {
    const { t } = this;
    // Emptiness is judged without spaces at the ends; the address is matched with them (" al"
    // finds " alice", an address from before such addresses were refused).
    const text = q ?? '';
    if (text.trim() === '' || /^\*+$/.test(text.trim())) return [{ name: 'all', where: TRUE, counted: TRUE }];
    if (text.includes('*')) return [this.pattern(appId, text)];
    const uid = uidOf(text);
    const key = t.key ? addressKey(text) : undefined;
    const conditions = (column: string | undefined) => {
      const isNumber = uid === undefined ? FALSE : sql(`t.${t.number} = ?`, uid);
      const isKey = key === undefined || !column ? FALSE : sql(`${column} = ?`, key);
      const startsWith = key === undefined || !column ? FALSE : sql(`${column} >= ? AND ${column} < ?`, key, key + TOP);
      return {
        exact: or(isKey, isNumber),
        address: and(startsWith, not(isKey), not(isNumber)),
        notAddress: and(not(startsWith, column), not(isNumber)),
      };
    };
    const check = conditions(t.key && `(t.${t.key} || '')`);
    const counted = conditions(t.key && `t.${t.key}`);
    const phases: Phase[] = [];
    const exact = [
      ...(key === undefined
        ? []
        : [sql(`SELECT ${t.id} AS id FROM ${t.table} WHERE app_id = ? AND ${t.key} = ?`, appId, key)]),
      ...(uid === undefined
        ? []
        : [sql(`SELECT ${t.id} AS id FROM ${t.table} WHERE app_id = ? AND ${t.number} = ?`, appId, uid)]),
    ];
    if (exact.length)
      phases.push({
        name: 'exact',
        where: check.exact,
        // Counted from its source (an OR of two indexes would be a scan of the table).
        source: sql(exact.map((s) => s.sql).join(' UNION ALL '), ...exact.flatMap((s) => s.params)),
      });
    if (key !== undefined)
      phases.push({
        name: 'address',
        where: check.address,
        source: this.keyRange(appId, `${t.key}`, key),
        counted: counted.address,
      });
    const words = nameWords(text);
    if (words.length && t.nameKey) {
      // A group: each word starts a word of its name key (" maya team").
      const like = (word: string) => `% ${likeLiteral(word)}%`;
      const [first, ...more] = words.map((word) => this.trigramSource(appId, t.nameKey as string, like(word)));
      phases.push({
        name: 'name',
        where: and(
          ...words.map((word) => sql(`(t.${t.nameKey} || '') LIKE ? ESCAPE '\\'`, like(word))),
          check.notAddress,
        ),
        source: first,
        unsized: true,
        also: more.map((source) => ({ where: TRUE, source, unsized: true })),
      });
    }
    if (words.length && t.words) {
      const w = t.words;
      const hasWord = (word: string) =>
        sql(hasRow(`${w.table} w WHERE w.${w.id} = t.${t.id} AND w.word >= ? AND w.word < ?`), word, word + TOP);
      // Each word's range is a source: the plan reads the smallest.
      const [first, ...more] = words.map((word) =>
        sql(
          `SELECT ${w.id} AS id FROM ${w.table} WHERE app_id = ? AND word >= ? AND word < ?`,
          appId,
          word,
          word + TOP,
        ),
      );
      phases.push({
        name: 'name',
        where: and(...words.map(hasWord), check.notAddress),
        source: first,
        also: more.map((source) => ({ where: TRUE, source })),
      });
    }
    return phases;
  }

  /**
   * The ids whose `column` is LIKE `like` (escaped with \\), from the trigrams of that column:
   * on SQLite its FTS5 table, whose LIKE takes no ESCAPE (a typed % or _ is then a wildcard
   * there: more rows, never fewer, and the phase's condition keeps the exact ones); on
   * PostgreSQL the table itself (pg_trgm's index). Trigrams find a run of three characters or
   * more; a pattern without one has no source (it is read by a walk or a scan).
   */
  private trigramSource(appId: number, column: string, like: string): Sql | undefined {
    const { t } = this;
    const runs = like.replace(/\\(.)/g, 'x').split(/[%_]/);
    if (!runs.some((run) => [...run].length >= 3)) return undefined;
    if (this.db.dialect === 'sqlite' && t.trigrams)
      return sql(`SELECT rowid AS id FROM ${t.trigrams} WHERE ${column} LIKE ?`, like.replace(/\\(.)/g, '$1'));
    if (this.db.dialect === 'sqlite') return undefined; // no trigrams: a source would be a scan
    return sql(`SELECT ${t.id} AS id FROM ${t.table} WHERE app_id = ? AND ${column} LIKE ? ESCAPE '\\'`, appId, like);
  }

  /** The ids whose `column` starts with `prefix`, from its index. */
  private keyRange(appId: number, column: string, prefix: string) {
    const { t } = this;
    return sql(
      `SELECT ${t.id} AS id FROM ${t.table} WHERE app_id = ? AND ${column} >= ? AND ${column} < ?`,
      appId,
      prefix,
      prefix + TOP,
    );
  }

  /** A `*` pattern of the address, in any case. */
  private pattern(appId: number, text: string): Phase {
    const { t } = this;
    if (!t.key && t.nameKey) {
      // A group's name, by its words in any case and without accents: "maya*" starts it.
      const like = ` ${likeLiteral(foldedSearch(text)).replace(/\*+/g, '%')}`;
      return {
        name: 'pattern',
        where: sql(`(t.${t.nameKey} || '') LIKE ? ESCAPE '\\'`, like),
        source: this.trigramSource(appId, t.nameKey, like),
        unsized: true,
      };
    }
    const column = t.key ?? t.name;
    const key = addressKey(text);
    const head = key.slice(0, key.indexOf('*'));
    if (/^[^*]+\*+$/.test(key))
      return {
        name: 'pattern',
        where: sql(`(t.${column} || '') >= ? AND (t.${column} || '') < ?`, head, head + TOP),
        source: this.keyRange(appId, column, head),
        counted: sql(`t.${column} >= ? AND t.${column} < ?`, head, head + TOP),
      };
    const like = likeLiteral(key).replace(/\*+/g, '%');
    const source = this.trigramSource(appId, column, like);
    return { name: 'pattern', where: sql(`(t.${column} || '') LIKE ? ESCAPE '\\'`, like), source, unsized: true };
  }

  private order(sort: Sort) {
    const { t } = this;
    const desc = sort === '-created';
    const value =
      sort === 'address' && t.key
        ? `t.${t.key}`
        : sort === 'name'
          ? nameOrder(this.db.dialect, `t.${t.name}`)
          : undefined;
    return {
      sv: value ?? 'NULL',
      by: value ? `${value}, t.${t.id}` : `t.${t.id}${desc ? ' DESC' : ''}`,
      after: (c: Cursor) =>
        value ? sql(`(${value}, t.${t.id}) > (?, ?)`, c.v, c.id) : sql(`t.${t.id} ${desc ? '<' : '>'} ?`, c.id),
    };
  }

  private async phaseRows<T>(
    r: SearchRequest,
    phase: Phase,
    from: Cursor | undefined,
    limit: number,
  ): Promise<(T & { sv: Param })[]> {
    const order = this.order(r.sort);
    const keyset = from ? order.after(from) : TRUE;
    const all = [phase, ...(phase.also ?? []), ...r.filters];
    const where = and(...all.map((c) => c.where));
    const read = (within: { from: Sql; where: Sql }) => {
      const cond = and(where, keyset, within.where);
      return this.db.all<T & { sv: Param }>(
        `SELECT ${r.select}, ${order.sv} AS sv FROM ${within.from.sql} WHERE t.app_id = ? AND ${cond.sql} ORDER BY ${order.by} LIMIT ${limit}`,
        [...within.from.params, r.appId, ...cond.params],
      );
    };
    const plan = await this.plan(all);
    if (plan.few) return plan.few.length ? read(this.ofIds(plan.few)) : [];
    const ordered = plan.smallest?.of.ordered;
    if (ordered && plan.smallest && plan.smallest.size <= MANY[this.db.dialect]) {
      // The page's ids through the filter's index, then their rows: the index holds what the
      // conditions read (the address key beside the id), so a row that does not match is never read.
      const cond = and(ordered.where, where, keyset);
      const ids = await this.db.all<{ id: number }>(
        `SELECT t.${this.t.id} AS id FROM ${this.indexed(ordered.index)} WHERE t.app_id = ? AND ${cond.sql} ORDER BY ${order.by} LIMIT ${limit}`,
        [r.appId, ...cond.params],
      );
      return ids.length ? read(this.ofIds(ids.map((x) => Number(x.id)))) : [];
    }
    if (plan.smallest && plan.smallest.size <= MANY[this.db.dialect]) {
      if (r.sort !== 'created' && r.sort !== '-created') return read(this.fromSource(r.appId, plan.smallest.source));
      // In creation order the ids are the order: the source's next ids (a growing batch, read from
      // its index alone and sorted there), then their rows, until the page is full (not every
      // match read and sorted for 25 of them).
      const { source } = plan.smallest;
      const desc = r.sort === '-created';
      const found: (T & { sv: Param })[] = [];
      for (let size = 128, past = from?.id; found.length < limit; size *= 4) {
        const next = past === undefined ? TRUE : sql(`s.id ${desc ? '<' : '>'} ?`, past);
        const ids = (
          await this.db.all<{ id: number }>(
            `SELECT DISTINCT id FROM (${source.sql}) s WHERE ${next.sql} ORDER BY id${desc ? ' DESC' : ''} LIMIT ${size}`,
            [...source.params, ...next.params],
          )
        ).map((x) => Number(x.id));
        if (ids.length) found.push(...(await read(this.ofIds(ids))));
        if (ids.length < size) break;
        past = ids[ids.length - 1];
      }
      return found.slice(0, limit);
    }
    // Many matches everywhere: walk the sort's order, a growing chunk at a time, and keep the
    // matches (the condition is read as a column, so that it cannot steer the planner off the
    // sort's index; a nested query with a LIMIT would be sorted again as a whole by SQLite). The
    // walk reads ids alone, and the page's rows are read by theirs at the end.
    const hits: number[] = [];
    const page = () => (hits.length ? read(this.ofIds(hits)) : Promise.resolve([]));
    let at = from;
    for (let chunk = 256, walked = 0; walked < WALK; ) {
      const step = at ? order.after(at) : TRUE;
      const rows = await this.db.all<{ sv: Param; hit: number; wid: number }>(
        `SELECT ${order.sv} AS sv, t.${this.t.id} AS wid, CASE WHEN ${where.sql} THEN 1 ELSE 0 END AS hit
         FROM ${this.t.table} t WHERE t.app_id = ? AND ${step.sql} ORDER BY ${order.by} LIMIT ${chunk}`,
        [...where.params, r.appId, ...step.params],
      );
      for (const row of rows) {
        if (Number(row.hit) !== 1) continue;
        hits.push(Number(row.wid));
        if (hits.length >= limit) return page();
      }
      if (rows.length < chunk) return page(); // the end of the list
      const last = rows[rows.length - 1];
      at = { p: 0, v: last.sv, id: Number(last.wid) };
      walked += chunk;
      // The next chunk: as many rows as the matches so far say the page still needs (a third more),
      // four times this one when none matched; never past what is left of the walk.
      const needed = hits.length ? Math.ceil(((limit - hits.length) * walked * 4) / (3 * hits.length)) : chunk * 4;
      chunk = Math.max(64, Math.min(needed, WALK - walked));
    }
    // Matches too rare for a walk, in every source: read them all from the smallest.
    return read(this.fromSource(r.appId, plan.smallest?.source));
  }

  /**
   * How to read a phase: from the ids of a source that names at most FEW; else from its
   * smallest source (read whole when it names at most MANY); else by a walk. `sizes` keeps
   * what was probed (the filters are the same in every phase).
   */
  private async plan(conditions: readonly Condition[]): Promise<{ few?: number[]; smallest?: Smallest }> {
    const sizes = this.sizes;
    let smallest: Smallest | undefined;
    for (const c of conditions) {
      if (!c.source) continue;
      const key = JSON.stringify([c.source.sql, c.source.params]);
      let size = sizes.get(key);
      if (size === undefined) {
        const ids = await this.db.all<{ id: number }>(
          `SELECT id FROM (${c.source.sql}) s LIMIT ${FEW + 1}`,
          c.source.params,
        );
        size =
          ids.length <= FEW
            ? [...new Set(ids.map((x) => Number(x.id)))]
            : c.unsized
              ? Number.POSITIVE_INFINITY
              : Number(
                  (
                    await this.db.get<{ n: number }>(
                      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM (${c.source.sql}) s LIMIT ${MANY[this.db.dialect] + 1}) c`,
                      c.source.params,
                    )
                  )?.n,
                );
        sizes.set(key, size);
      }
      if (Array.isArray(size)) return { few: size };
      if (!smallest || size < smallest.size) smallest = { size, source: c.source, of: c };
    }
    return { smallest };
  }

  /**
   * The rows a source names, each once (the first `limit` of them), read from it: the source
   * first (CROSS JOIN keeps SQLite's planner from turning the join around, and never `t.id IN
   * (source)`, which a planner without statistics may run as a scan per row). Without a source:
   * the table (the first `limit` rows of it).
   */
  private fromSource(appId: number, source: Sql | undefined, limit?: number): { from: Sql; where: Sql } {
    const first = limit === undefined ? '' : ` LIMIT ${limit}`;
    if (!source) {
      return {
        from: sql(
          `(SELECT ${this.t.id} AS id FROM ${this.t.table} WHERE app_id = ?${first}) s CROSS JOIN ${this.t.table} t`,
          appId,
        ),
        where: sql(`t.${this.t.id} = s.id`),
      };
    }
    return {
      from: sql(`(SELECT DISTINCT id FROM (${source.sql}) s${first}) s CROSS JOIN ${this.t.table} t`, ...source.params),
      where: sql(`t.${this.t.id} = s.id`),
    };
  }
}

/**
 * A page of a search and, with `counted`, how many match: all of the app's (`all`: the counts kept
 * per app) when nothing narrows the list, else the search's own count. Rows written without keys
 * since the start (an older instance) are keyed first. What every searched list of every store does.
 */
export async function searchWithCount<R>(
  db: Db,
  table: SearchTable,
  keyed: KeyedTable,
  r: SearchRequest & { counted: boolean; all: () => Promise<number> },
): Promise<{ rows: R[]; next?: string; count?: ListCount }> {
  await keyStragglers(db, keyed);
  const search = new Search(db, table);
  const found = await search.page<R>(r);
  if (!r.counted) return found;
  const narrowed = r.filters.length > 0 || (r.q ?? '').replace(/\*/g, '').trim() !== '';
  const counted = narrowed ? await search.count(r) : { total: await r.all() };
  return { ...found, count: 'total' in counted ? { total: counted.total } : { atLeast: counted.atLeast } };
}

const strip = <T>(row: T & { sv: Param; p: number }): T => {
  const { sv: _sv, p: _p, ...rest } = row;
  return rest as T;
};

/**
 * Whether a correlated query has a row, read per row of `t` through its index: not EXISTS, which
 * PostgreSQL may run as one hashed scan of every match (122 ms for a word's range, where a page
 * needed 256 lookups); a scalar subquery with a LIMIT is always run per row.
 */
export const hasRow = (fromWhere: string) => `(SELECT 1 FROM ${fromWhere} LIMIT 1) IS NOT NULL`;

const TRUE: Sql = { sql: 'TRUE', params: [] };
const FALSE: Sql = { sql: 'FALSE', params: [] };
const sql = (text: string, ...params: Param[]): Sql => ({ sql: text, params });

function and(...parts: Sql[]): Sql {
  const kept = parts.filter((p) => p.sql !== 'TRUE');
  if (kept.some((p) => p.sql === 'FALSE')) return FALSE;
  if (!kept.length) return TRUE;
  return { sql: kept.map((p) => `(${p.sql})`).join(' AND '), params: kept.flatMap((p) => p.params) };
}
function or(...parts: Sql[]): Sql {
  const kept = parts.filter((p) => p.sql !== 'FALSE');
  if (kept.some((p) => p.sql === 'TRUE')) return TRUE;
  if (!kept.length) return FALSE;
  return { sql: kept.map((p) => `(${p.sql})`).join(' OR '), params: kept.flatMap((p) => p.params) };
}
/** NOT, where a NULL key (a row not yet keyed) counts as not matching. */
function not(part: Sql, nullable?: string): Sql {
  if (part.sql === 'FALSE') return TRUE;
  if (part.sql === 'TRUE') return FALSE;
  return { sql: `NOT (${part.sql})${nullable ? ` OR ${nullable} IS NULL` : ''}`, params: part.params };
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.p, c.v, c.id])).toString('base64url');
}
function decodeCursor(s: string, phases: number): Cursor {
  try {
    const [p, v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Number.isInteger(p) &&
      p >= 0 &&
      p < phases &&
      Number.isSafeInteger(id) &&
      (v === null || typeof v === 'string' || typeof v === 'number')
    )
      return { p, v, id };
  } catch {}
  throw new BadCursor('must be the `next` value of the previous page of the same search');
}
