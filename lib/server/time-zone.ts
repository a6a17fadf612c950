import 'server-only';
import { cookies } from 'next/headers';
import { knownZone, TIME_ZONE_COOKIE } from '@/lib/format';

/**
 * The operator's time zone for this request, as the browser said it (lib/time-zone.tsx), or UTC:
 * what the server renders times in and reads a range of days in.
 */
export async function operatorZone(): Promise<string> {
  return knownZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
}
