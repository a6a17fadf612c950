import { describe, expect, it } from 'vitest';
import { targetParts } from '@/lib/domain/audit-targets';

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
    expect(targetParts('operator.create', 'x@example.com')).toEqual(['x@example.com']);
    expect(targetParts('group.create', 'new group (gid 5)')).toEqual(['new group (gid 5)']);
  });
});
