import { describe, expect, it } from 'vitest';
import { subjectOf, targetParts, targetSubjects } from '@/lib/domain/audit-targets';

describe('audit targets as links', () => {
  it('names the user, group or job a target is about, and keeps the rest as text', () => {
    expect(targetParts('user.create', 'maya.ro@example.org')).toEqual([{ user: 'maya.ro@example.org' }]);
    expect(targetParts('token.issue', 'a (b)@x (com.example.app)')).toEqual([
      { user: 'a (b)@x' },
      ' (com.example.app)',
    ]);
    expect(targetParts('group.update', 'gid 12 (Support crew)')).toEqual([{ gid: 12 }, ' (Support crew)']);
    expect(targetParts('member.remove', 'gid 12: ann@example.org')).toEqual([
      { gid: 12 },
      ': ',
      { user: 'ann@example.org' },
    ]);
    expect(targetParts('members.import', 'job 7 (group 12)')).toEqual([{ job: 7 }, ' (', { gid: 12 }, ')']);
    expect(targetParts('user.import', 'job 9')).toEqual([{ job: 9 }]);
    expect(targetParts('operator.create', 'x@example.com')).toEqual([{ operator: 'x@example.com' }]);
    expect(targetParts('group.members.add', 'gid 3: a@x, b@x and 4 more')).toEqual([
      { gid: 3 },
      ': ',
      { user: 'a@x' },
      ', ',
      { user: 'b@x' },
      ' and 4 more',
    ]);
    expect(targetParts('group.create', 'new group (gid 5)')).toEqual(['new group (gid 5)']);
  });

  it('finds an entry by what it was done to, in any case; a refusal by what it would have changed', () => {
    expect(targetSubjects('user.update', 'Maya.Ro@Example.org')).toEqual(['maya.ro@example.org']);
    expect(targetSubjects('token.remove', 'maya@x (com.example.app)')).toEqual(['maya@x']);
    expect(targetSubjects('group.member.permissions', 'gid 12: Ann@x')).toEqual(['gid 12', 'ann@x']);
    expect(targetSubjects('members.import.start', 'job 7 (group 12)')).toEqual(['job 7', 'gid 12']);
    expect(targetSubjects('operator.update', 'Op@Example.com')).toEqual(['op@example.com']);
    expect(targetSubjects('auth.signin', 'op@example.com')).toEqual(['op@example.com']);
    expect(targetSubjects('authz.denied', 'user.delete maya@x')).toEqual(['maya@x']);
    expect(targetSubjects('audit.export', 'target maya@x')).toEqual([]);
    expect(targetSubjects('app.update', 'App 2 (Production)')).toEqual([]);
  });

  it('reads what an operator types in Target', () => {
    expect(subjectOf('  Maya.Ro@Example.org ')).toBe('maya.ro@example.org');
    expect(subjectOf('gid 12')).toBe('gid 12');
    expect(subjectOf('Group #012')).toBe('gid 12');
    expect(subjectOf('JOB 7')).toBe('job 7');
    expect(subjectOf('')).toBe('');
  });
});
