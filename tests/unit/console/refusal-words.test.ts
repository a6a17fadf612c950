import { describe, expect, it } from 'vitest';
import { OpError } from '@/lib/mesibo/errors';
import { refusalWords } from '@/lib/refusal-words';

/** The backend's refusals in the console's words: decided by code and properties, never by the API's text. */
const refusal = (error: string, properties: string[], cause = 'cause in the API’s words', op = 'message') =>
  new OpError(op, error, 400, cause, 'Create the user first with op "useradd".', properties);

const MESSAGE_FIELDS = { 'message.from': 'from', 'message.to': 'to', 'message.gid': 'gid' };

describe('refusal words', () => {
  it('puts NOUSER on the field that named the user, in the console’s words', () => {
    const w = refusalWords(refusal('NOUSER', ['message.from']), { input: { from: 'hugo' }, fields: MESSAGE_FIELDS });
    expect(w.fieldErrors).toEqual({ from: ['There is no user "hugo" in this app.'] });
    expect(JSON.stringify(w)).not.toContain('useradd');
  });
  it('names the unknown addresses of a list where the backend quotes them', () => {
    const e = refusal('NOUSER', ['message.to'], 'No users with these addresses exist in this app: "b", "c".');
    const w = refusalWords(e, { input: { to: ['a', 'b', 'c'] }, fields: MESSAGE_FIELDS });
    expect(w.fieldErrors?.to).toEqual(['Not users of this app: b, c.']);
  });
  it('a page’s own subject gone: no field, a way back', () => {
    const w = refusalWords(refusal('NOUSER', ['user.address'], 'x', 'userset'), { input: { address: 'ann' } });
    expect(w.fieldErrors).toBeUndefined();
    expect(w.message).toBe('The user "ann" no longer exists: it may have just been deleted.');
    expect(w.link).toEqual({ href: '/users', label: 'Back to Users' });
    expect(refusalWords(refusal('NOGROUP', ['group.gid'])).link).toEqual({ href: '/groups', label: 'Back to Groups' });
  });
  it('a sender that may not send: on From, with a link to the group to fix it', () => {
    const w = refusalWords(refusal('NOTALLOWED', ['message.from', 'message.gid']), {
      input: { from: 'ben', gid: 12 },
      fields: MESSAGE_FIELDS,
    });
    expect(w.fieldErrors?.from?.[0]).toBe('"ben" may not send to group 12.');
    expect(w.link).toEqual({ href: '/groups/12', label: 'Open group 12' });
    const off = refusalWords(refusal('NOTALLOWED', ['message.from']), {
      input: { from: 'a b' },
      fields: MESSAGE_FIELDS,
    });
    expect(off.link).toEqual({ href: '/users/a%20b', label: 'Open a b' });
  });
  it('BADVALUE: the backend’s reason for that one property, on its field', () => {
    const e = refusal(
      'BADVALUE',
      ['user.name'],
      'user.name must be at most 64 characters; user.flags must be a number.',
    );
    const w = refusalWords(e, { input: { name: 'x' }, fields: { 'user.name': 'name' } });
    expect(w.fieldErrors).toEqual({ name: ['Not accepted by the backend: must be at most 64 characters.'] });
  });
  it('app-level refusals say who can fix them; an unknown code falls back to the backend’s cause', () => {
    expect(refusalWords(refusal('AUTHFAIL', [])).message).toBe("The backend refused the console's app token.");
    expect(refusalWords(refusal('TOKENBREACH', [])).action).toMatch(/rotate the app token/);
    expect(refusalWords(refusal('BADOP', ['op'], 'Invalid operation', 'usersget')).message).toBe(
      'The backend does not offer this operation (usersget).',
    );
    expect(refusalWords(refusal('NEWCODE', [], 'Something new')).message).toBe('Something new');
  });
});
