import { describe, expect, it } from 'vitest';
import { originMatchesHost } from '@/lib/server/same-origin';

describe('originMatchesHost (the CSRF rule of server actions)', () => {
  it('accepts an http or https Origin naming this very host and port', () => {
    expect(originMatchesHost('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(originMatchesHost('https://admin.example.com', 'admin.example.com')).toBe(true);
  });

  it('refuses a missing, null, malformed, foreign or non-web Origin', () => {
    expect(originMatchesHost(undefined, '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('null', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('http//::not a url', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('https://evil.example', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('http://127.0.0.1:3001', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('file://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    expect(originMatchesHost('http://127.0.0.1:3000', undefined)).toBe(false);
  });
});
