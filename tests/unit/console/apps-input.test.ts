import { describe, expect, it } from 'vitest';
import { CreateAppInput, DeleteAppInput } from '@/lib/validations/apps';

/** What an admin may type when adding an app; every refusal names its field. */
const remote = { kind: 'remote', name: 'cloud', environment: 'production', token: 'a'.repeat(40) };
const fieldOf = (input: unknown) => {
  const r = CreateAppInput.safeParse(input);
  return r.success ? undefined : r.error.issues.map((i) => i.path.join('.'));
};

describe('app input', () => {
  it('a Backend API URL is http or https, without credentials or a fragment; private addresses are fine', () => {
    expect(fieldOf({ ...remote, apiUrl: 'https://api.mesibo.com/backend/' })).toBeUndefined();
    expect(fieldOf({ ...remote, apiUrl: 'http://10.0.0.5:8080/mesiboapi' })).toBeUndefined();
    for (const apiUrl of [
      'ftp://example.com/',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'https://x.example/#a',
      'not a url',
    ])
      expect(fieldOf({ ...remote, apiUrl }), apiUrl).toEqual(['apiUrl']);
  });
  it('an app token is letters and digits; a bundled app needs no URL or token; the kind is one of two', () => {
    expect(fieldOf({ ...remote, apiUrl: 'https://x.example/', token: 'has spaces in it ok' })).toEqual(['token']);
    expect(fieldOf({ kind: 'bundled', name: 'b', environment: 'staging' })).toBeUndefined();
    expect(fieldOf({ kind: 'bundled', name: ' ', environment: 'staging' })).toEqual(['name']);
    expect(fieldOf({ kind: 'bundled', name: 'b', environment: 'qa' })).toEqual(['environment']);
    expect(fieldOf({ kind: 'other', name: 'b', environment: 'staging' })).toEqual(['kind']);
    expect(DeleteAppInput.safeParse({ app: '7', confirm: 'x' }).data?.app).toBe(7);
  });
});
