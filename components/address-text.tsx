import { Fragment } from 'react';

/**
 * An address exactly as stored, with a visible "Unicode" badge when it holds anything but
 * printable ASCII: "аlice" with a Cyrillic а, a fullwidth letter, a zero-width space, a
 * Hangul filler or an NFD accent look like another user's address, and the badge (its code
 * points on hover, and read out to screen readers) is how an operator tells them apart.
 * A "Spaces" badge does the same for spaces at either end (" alice" shows as "alice").
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function codePoints(s: string): string {
  return [...s].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/**
 * A long identifier (an address, an e-mail, an App ID) with line-break opportunities where a
 * reader expects them: after "@" and "/", before ".", "_" and "-" (`admin@|example|.com`, never
 * `admin@exam|ple.com`). <wbr> adds no characters, so copying gives the value unchanged.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[@/])|(?=[._-])/);
  if (parts.length === 1) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

const badgeClass =
  'inline-block rounded bg-amber-100 px-1.5 align-middle font-sans text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100';

/** Where an address has spaces at its ends, which nobody sees: " alice" shows as "alice". */
function edgeSpaces(address: string): string | undefined {
  const start = address.length - address.trimStart().length;
  const end = address.length - address.trimEnd().length;
  if (!start && !end) return undefined;
  const n = (k: number) => `${k} space${k === 1 ? '' : 's'}`;
  return [start && `${n(start)} at the start`, end && `${n(end)} at the end`].filter(Boolean).join(' and ');
}

export function AddressText({ address }: { address: string }) {
  const spaces = edgeSpaces(address);
  const ascii = PRINTABLE_ASCII.test(address);
  if (ascii && !spaces) return <Breakable text={address} />;
  const points = codePoints(address);
  return (
    <>
      <Breakable text={address} />
      {spaces && (
        <>
          {' '}
          <span title={`This address has ${spaces}: "${address}"`} className={badgeClass}>
            Spaces
          </span>
          <span className="sr-only"> (this address has {spaces})</span>
        </>
      )}
      {!ascii && (
        <>
          {' '}
          <span title={`Not plain ASCII. Code points: ${points}`} className={badgeClass}>
            Unicode
          </span>
          <span className="sr-only"> (code points {points})</span>
        </>
      )}
    </>
  );
}
