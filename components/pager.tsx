'use client';

import type { Paging } from '@/lib/queries/list';
import { Button } from './ui/button';

export type { Paging };

export function Pager({ hasPrevious, next, onPrevious, onNext }: Paging) {
  return (
    <div className="flex items-center justify-between gap-2">
      <Button variant="secondary" disabled={!hasPrevious} onClick={onPrevious}>
        Previous page
      </Button>
      <Button variant="secondary" disabled={!next} onClick={() => next && onNext(next)}>
        Next page
      </Button>
    </div>
  );
}
