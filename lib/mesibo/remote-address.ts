import 'server-only';
import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where the console refuses to send an app token: link-local addresses (169.254.0.0/16,
 * fe80::/10), where cloud metadata services answer, and the unspecified addresses (0.0.0.0/8,
 * ::), which reach the machine itself in surprising ways. Loopback and private networks stay
 * allowed: on-premise backends live there.
 *
 * A host name is checked after it is resolved, by the lookup the connection itself uses, so
 * the address that was checked is the address connected to (a name that resolves to a safe
 * address for a check and to a metadata address for the call cannot slip through).
 */
const REFUSED = new BlockList();
REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
REFUSED.addSubnet('fe80::', 10, 'ipv6');
REFUSED.addAddress('::', 'ipv6');

/** Whether `address` (an IP address, IPv6 without brackets) is one the console never connects to. */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return REFUSED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host as an IP address when it is one (brackets of IPv6 removed), else undefined. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(bare) ? bare : undefined;
}

export const REFUSED_ADDRESS_CODE = 'EREFUSEDADDRESS';

function refusedError(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} resolves to a link-local or unspecified address`), {
    code: REFUSED_ADDRESS_CODE,
  });
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request: resolves as usual, drops refused addresses, and fails with
 * EREFUSEDADDRESS when none is left. Answers in the form asked for (one address, or all).
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const allowed = addresses.filter((a) => !isRefusedAddress(a.address));
    if (allowed.length === 0) return callback(refusedError(hostname), []);
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
}
