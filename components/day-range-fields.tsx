'use client';

import { DAY_FIELDS, type DayRange } from '@/lib/domain/day-range';
import type { ActionError } from '@/lib/result';
import { useTimeZone } from '@/lib/time-zone';
import { TextField } from './ui/field';

/**
 * From date and To date of a list's filter (both days included), read in the operator's time
 * zone, which their hint names; the list's refusal of either (not a date, a range that ends before
 * it starts) is shown on its field.
 */
export function DayRangeFields(props: { value: DayRange; problem?: ActionError }) {
  const zone = useTimeZone();
  const hint = zone === 'UTC' ? 'A day in UTC.' : `A day in ${zone}.`;
  return (
    <>
      {(['since', 'until'] as const).map((field) => (
        <TextField
          key={field}
          label={DAY_FIELDS[field]}
          name={field}
          type="date"
          min="1970-01-01"
          max="9999-12-31"
          defaultValue={props.value[field]}
          hint={hint}
          error={props.problem?.fieldErrors?.[field]?.[0]}
        />
      ))}
    </>
  );
}
