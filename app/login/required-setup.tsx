'use client';

import { useRouter } from 'next/navigation';
import { SetUpTwoFactor } from '../(console)/account/set-up-two-factor';

/** Where Require two-factor holds a sign-in: setting it up, then on to the page it was going to. */
export function RequiredSetup({ email, next }: { email: string; next: string }) {
  const router = useRouter();
  return (
    <div className="mt-4">
      <SetUpTwoFactor email={email} onDone={() => router.replace(next)} />
    </div>
  );
}
