import { describe, expect, it } from 'vitest';
import { CreateAppInput, DeleteAppInput, MoveAppInput } from '@/lib/validations/apps';

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
  it('a URL is kept as the URL standard reads it, so what is shown is where the token goes', () => {
    const parsed = (apiUrl: string) => {
      const r = CreateAppInput.parse({ ...remote, apiUrl });
      return r.kind === 'remote' ? r.apiUrl : undefined;
    };
    // "A\\@B" reads as user A at host B, but the token would go to host "a".
    expect(parsed('http://A\\@B/backend')).toBe('http://a/@B/backend');
    expect(parsed('HTTPS://API.Mesibo.COM:443/backend/')).toBe('https://api.mesibo.com/backend/');
    expect(fieldOf({ ...remote, apiUrl: 'http://A@B/backend' })).toEqual(['apiUrl']);
    expect(fieldOf({ ...remote, apiUrl: 'http://:pw@B/backend' })).toEqual(['apiUrl']);
    expect(MoveAppInput.parse({ app: 3, apiUrl: 'http://x.example', token: 'b'.repeat(20) }).apiUrl).toBe(
      'http://x.example/',
    );
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
