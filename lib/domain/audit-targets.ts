/**
 * What an audit entry's target names (browser-safe), so the log can link it and be filtered by
 * it. The targets the console's actions write (`maya@example.org`, `maya@example.org
 * (com.example.app)`, `gid 12 (Support crew)`, `gid 12: maya@example.org, ann@example.org and 3
 * more`, `job 7 (group 12)`, an operator's e-mail) are split into text and the user, group, job
 * or operator they name. Anything else (console-wide entries, app settings) stays text.
 *
 * A target's *subjects* are the keys the log is filtered by ("everything done to
 * maya.ro@example.org"): an address or an e-mail lowercased (support types them in any case),
 * `gid 12`, `job 7`. They are kept with each entry in an index of their own (audit_subjects), so a
 * filter by target reads only that target's entries however large the log.
 */
export type TargetPart = string | { user: string } | { gid: number } | { job: number } | { operator: string };

export function targetParts(action: string, target: string): TargetPart[] {
  const job = /^job (\d+)(.*)$/.exec(target);
  if (job) return [{ job: Number(job[1]) }, ...groupsIn(job[2])];
  const group = /^gid (\d+)(: (.*)|.*)$/s.exec(target);
  if (group && /^(group|member)\./.test(action)) {
    const members = group[3];
    return members === undefined
      ? [{ gid: Number(group[1]) }, group[2]]
      : [{ gid: Number(group[1]) }, ': ', ...membersIn(members)];
  }
  if (action.startsWith('token.')) {
    const at = target.lastIndexOf(' (');
    return at > 0 ? [{ user: target.slice(0, at) }, target.slice(at)] : [target];
  }
  if (action.startsWith('user.') && !action.startsWith('user.import')) return [{ user: target }];
  // An operator's account: changed by an admin, or signed in and out of.
  if (/^(operator|auth)\./.test(action) && target.includes('@')) return [{ operator: target }];
  return [target];
}

/** " (group 12)" after a job: the group linked. */
function groupsIn(rest: string): TargetPart[] {
  const g = /^ \(group (\d+)\)$/.exec(rest);
  return g ? [' (', { gid: Number(g[1]) }, ')'] : rest ? [rest] : [];
}

/** "ann@x, ben@x and 3 more" (addresses never hold a comma): each address linked. */
function membersIn(text: string): TargetPart[] {
  const more = / and \d+ more$/.exec(text);
  const listed = more ? text.slice(0, more.index) : text;
  const parts: TargetPart[] = listed.split(', ').flatMap((user, i) => (i ? [', ', { user }] : [{ user }]));
  return more ? [...parts, more[0]] : parts;
}

/** The key of one thing a target names. */
const subjectOfPart = (p: Exclude<TargetPart, string>): string =>
  'user' in p
    ? p.user.toLowerCase()
    : 'operator' in p
      ? p.operator.toLowerCase()
      : 'gid' in p
        ? `gid ${p.gid}`
        : `job ${p.job}`;

/**
 * The subjects of an entry: what its target names, and, for a refusal (`authz.denied`, whose
 * target is the refused action and its target), what the refused action would have changed.
 */
export function targetSubjects(action: string, target: string): string[] {
  const refused = action === 'authz.denied' ? /^([a-z][a-z.]*) (.+)$/s.exec(target) : null;
  const parts = refused ? targetParts(refused[1], refused[2]) : targetParts(action, target);
  return [...new Set(parts.flatMap((p) => (typeof p === 'string' ? [] : [subjectOfPart(p)])))];
}

/**
 * The subject an operator means by what it types in Target: an address or an e-mail in any case,
 * `gid 12` (or `group 12`), `job 7`. Empty: no filter.
 */
export function subjectOf(typed: string): string {
  const text = typed.trim().replace(/\s+/g, ' ').toLowerCase();
  const numbered = /^(gid|group|job) ?#?(\d{1,15})$/.exec(text);
  if (!numbered) return text;
  return `${numbered[1] === 'job' ? 'job' : 'gid'} ${Number(numbered[2])}`;
}
