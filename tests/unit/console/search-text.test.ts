import { describe, expect, it } from 'vitest';
import { addressKey, foldedSearch, nameWords, uidOf } from '@/lib/domain/search-text';

/** The search keys every store uses: what support types finds the person, whatever the case or accents. */
describe('search keys', () => {
  it('an address in any case, in any script, is found by one key', () => {
    expect(addressKey('MAYA.ro@Example.org')).toBe('maya.ro@example.org');
    expect(addressKey('ÉLISE@Exemple.fr')).toBe('élise@exemple.fr'); // beyond ASCII, where SQLite's lower() stops
    expect(addressKey('ΣΟΦΙΑ@Ω.gr')).toBe('σοφια@ω.gr');
    // Composed and decomposed spellings of one address are one key.
    expect(addressKey('Jose\u0301@x.es')).toBe(addressKey('José@x.es'));
  });

  it('a name is searched by its words, without case or accents', () => {
    expect(nameWords('Maya Rodríguez')).toEqual(['maya', 'rodriguez']);
    expect(nameWords('  Jean-Luc  PICARD, jr. ')).toEqual(['jean', 'luc', 'picard', 'jr']);
    expect(nameWords('Zoë Zoë')).toEqual(['zoe']);
    expect(nameWords('李小龍 Bruce')).toEqual(['李小龍', 'bruce']);
    expect(nameWords('')).toEqual([]);
    expect(foldedSearch(' RODRÍ ')).toBe('rodri');
  });

  it('a whole number is a uid; anything else is not', () => {
    expect(uidOf('237234')).toBe(237234);
    expect(uidOf(' 42 ')).toBe(42);
    expect(uidOf('0')).toBeUndefined();
    expect(uidOf('12a')).toBeUndefined();
    expect(uidOf('1234567890123456')).toBeUndefined();
    expect(uidOf('+1555')).toBeUndefined();
  });
});
