'use client';

import { useRouter } from 'next/navigation';
import { Button } from './ui/button';

/** Re-renders the page's server components: the retry for a failed server-side load. */
export function RetryButton() {
  const router = useRouter();
  return (
    <Button variant="secondary" className="mt-2" onClick={() => router.refresh()}>
      Retry
    </Button>
  );
}
