/**
 * Require two-factor: who must have two-factor sign-in on. Nobody (the default), admins, or
 * every role. An operator who must and has not is held at setting it up after its password.
 */
export const TWO_FACTOR_POLICIES = ['off', 'admins', 'all'] as const;
export type TwoFactorPolicy = (typeof TWO_FACTOR_POLICIES)[number];

export const TWO_FACTOR_POLICY_WORDS: Readonly<Record<TwoFactorPolicy, string>> = {
  off: 'Off',
  admins: 'Admins',
  all: 'Every role',
};

export const isTwoFactorPolicy = (v: unknown): v is TwoFactorPolicy =>
  typeof v === 'string' && (TWO_FACTOR_POLICIES as readonly string[]).includes(v);

/** Whether an operator of `role` must have two-factor on under `policy`. */
export function mustHaveTwoFactor(policy: TwoFactorPolicy, role: string): boolean {
  return policy === 'all' || (policy === 'admins' && role === 'admin');
}

/**
 * The "address" sign-in locks count wrong authentication and recovery codes under: per account
 * from every address (whoever types them knows the password already), never reset by a right
 * password, only by a right code or an admin's Unlock.
 */
export const CODE_LOCK = 'authentication codes';
