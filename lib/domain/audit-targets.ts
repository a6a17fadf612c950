/**
 * What an audit entry's target names, so the log can link it (browser-safe): the targets the
 * console's actions write (`maya@example.org`, `maya@example.org (com.example.app)`, `gid 12
 * (Support crew)`, `gid 12: maya@example.org`, `job 7 (group 12)`) split into text and the user,
 * group or job they name. Anything else (console-wide entries, sign-ins) stays text.
 */
export type TargetPart = string | { user: string } | { gid: number } | { job: number };

export function targetParts(action: string, target: string): TargetPart[] {
  const job = /^job (\d+)(.*)$/.exec(target);
  if (job) return [{ job: Number(job[1]) }, ...groupsIn(job[2])];
  const group = /^gid (\d+)(: (.*)|.*)$/s.exec(target);
  if (group && /^(group|member)\./.test(action)) {
    const member = group[3];
    return member === undefined
      ? [{ gid: Number(group[1]) }, group[2]]
      : [{ gid: Number(group[1]) }, ': ', { user: member }];
  }
  if (action.startsWith('token.')) {
    const at = target.lastIndexOf(' (');
    return at > 0 ? [{ user: target.slice(0, at) }, target.slice(at)] : [target];
  }
  if (action.startsWith('user.') && !action.startsWith('user.import')) return [{ user: target }];
  return [target];
}

/** " (group 12)" after a job: the group linked. */
function groupsIn(rest: string): TargetPart[] {
  const g = /^ \(group (\d+)\)$/.exec(rest);
  return g ? [' (', { gid: Number(g[1]) }, ')'] : rest ? [rest] : [];
}
