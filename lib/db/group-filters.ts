import { type DELIVERY_CHOICES, FLAG, type SEND_CHOICES } from '@/lib/domain/group-flags';
import type { Condition } from './search';

/**
 * The filters of a list of groups (our extension of groupsget, and the console's directory):
 * Who can send and Delivery, as lib/domain/group-flags.ts reads the bits (0x2 wins over 0x1).
 * Read per row: groups are listed by a walk of their order.
 */
export type SendChoice = (typeof SEND_CHOICES)[number][0];
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number][0];
export interface GroupFilter {
  send?: SendChoice;
  delivery?: DeliveryChoice;
}

const SEND_BITS = FLAG.sendBySelected | FLAG.sendByAnyone;
const SEND: Record<SendChoice, string> = {
  members: `(t.flags & ${SEND_BITS}) = 0`,
  selected: `(t.flags & ${SEND_BITS}) = ${FLAG.sendBySelected}`,
  anyone: `(t.flags & ${FLAG.sendByAnyone}) = ${FLAG.sendByAnyone}`,
};
const DELIVERY: Record<DeliveryChoice, string> = {
  every: `(t.flags & ${FLAG.roundRobin}) = 0`,
  one: `(t.flags & ${FLAG.roundRobin}) = ${FLAG.roundRobin}`,
};

export function groupFilters(f: GroupFilter | undefined): Condition[] {
  return [
    ...(f?.send ? [{ where: { sql: SEND[f.send], params: [] } }] : []),
    ...(f?.delivery ? [{ where: { sql: DELIVERY[f.delivery], params: [] } }] : []),
  ];
}
