import { describe, expect, it } from 'vitest';
import { originMatches, safeNextPath } from '@/lib/server/same-origin';

describe('originMatches (the CSRF rule of server actions)', () => {
  it('accepts exactly the console origin', () => {
    expect(originMatches('http://127.0.0.1:3000', 'http://127.0.0.1:3000')).toBe(true);
    expect(originMatches('https://admin.example.com', 'https://admin.example.com')).toBe(true);
  });

  it('refuses the right host over plain http when the console is served over https', () => {
    expect(originMatches('http://admin.example.com', 'https://admin.example.com')).toBe(false);
    expect(originMatches('https://admin.example.com:8443', 'https://admin.example.com')).toBe(false);
  });

  it('refuses a missing, null, malformed, foreign or non-web Origin', () => {
    const mine = 'http://127.0.0.1:3000';
    expect(originMatches(undefined, mine)).toBe(false);
    expect(originMatches('', mine)).toBe(false);
    expect(originMatches('null', mine)).toBe(false);
    expect(originMatches('http//::not a url', mine)).toBe(false);
    expect(originMatches('https://evil.example', mine)).toBe(false);
    expect(originMatches('http://127.0.0.1:3001', mine)).toBe(false);
    expect(originMatches('file://127.0.0.1:3000', mine)).toBe(false);
  });
});

describe('safeNextPath (where sign-in goes next)', () => {
  const origin = 'https://admin.example.com';
  it('keeps paths of the console, with their query and fragment', () => {
    expect(safeNextPath('/users', origin)).toBe('/users');
    expect(safeNextPath('/users/a%25b?q=x#top', origin)).toBe('/users/a%25b?q=x#top');
    expect(safeNextPath('/audit?operator=a%40b.c', origin)).toBe('/audit?operator=a%40b.c');
  });
  it('sends everything that could leave the origin to the overview', () => {
    for (const evil of [
      '/\\evil.example/x', // browsers read a backslash as a slash: //evil.example/x
      '/\t/evil.example/x', // what /%09/evil.example/x decodes to; tabs are dropped by URL parsers
      '/\n/evil.example',
      '//evil.example/x',
      '/%2F/evil.example', // stays a path here, but nothing encoded is let through as a host either
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
    ]) {
      const path = safeNextPath(evil, origin);
      expect(new URL(path, origin).origin, evil).toBe(origin);
      expect(path.startsWith('//'), evil).toBe(false);
      expect(path).not.toMatch(/[\\\t\n]/);
    }
    expect(safeNextPath('/\\evil.example/x', origin)).toBe('/');
    expect(safeNextPath('/\t/evil.example/x', origin)).toBe('/');
    expect(safeNextPath(['/users', '/audit'], origin)).toBe('/');
    expect(safeNextPath(undefined, origin)).toBe('/');
  });
});
