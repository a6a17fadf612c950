import { z } from 'zod';
import { ENVIRONMENTS } from '@/lib/domain/apps';

/** Apps as an admin creates and changes them (the server validates again whatever arrives). */
export const AppRef = z.object({ app: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const AppName = z
  .string()
  .trim()
  .min(1, { error: 'Give the app a name.' })
  .max(64, { error: 'A name has at most 64 characters.' });
const Environment = z.enum(ENVIRONMENTS, { error: 'Choose Production, Staging or Development.' });

/**
 * A Backend API URL: http or https only, no credentials in it (they would be stored and
 * shown), nothing after the path. Kept exactly as the URL standard reads it (`new URL(u).href`),
 * so what is shown is where the token goes: "http://A\\@B/x" is host "a" with the path "/@B/x".
 * Private addresses are allowed (on-premise backends live there); link-local and unspecified
 * ones are refused on the server, after name resolution (lib/mesibo/remote-address.ts).
 */
export const BackendUrl = z
  .url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL, e.g. https://api.mesibo.com/backend/' })
  .max(2048, { error: 'At most 2048 characters.' })
  // (Refinements run even when the URL check failed: a URL that does not parse passes them.)
  .refine((u) => !(urlOf(u)?.username || urlOf(u)?.password), {
    error: 'Leave user names and passwords out of the URL: the app token is the credential.',
  })
  .refine((u) => !urlOf(u)?.hash, { error: 'A Backend API URL has no #fragment.' })
  .transform((u) => urlOf(u)?.href ?? u);

function urlOf(u: string): URL | undefined {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
}

/** An app token as mesibo issues them: letters and digits. */
export const AppToken = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{16,256}$/, { error: 'An app token is 16 to 256 letters and digits.' });

/** `saveUnreachable`: the admin confirmed saving a remote app whose backend did not answer the test. */
export const CreateAppInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('bundled'), name: AppName, environment: Environment }),
    z.object({
      kind: z.literal('remote'),
      name: AppName,
      environment: Environment,
      apiUrl: BackendUrl,
      token: AppToken,
      saveUnreachable: z.boolean().default(false),
    }),
  ],
  { error: 'Choose Bundled or Remote.' },
);

export const SaveAppInput = AppRef.extend({ name: AppName, environment: Environment });
/** `confirm`: the app's name as typed, which a Production app requires to disable, rotate or replace. */
const Confirm = z.string().max(64).optional();
export const SetAppEnabledInput = AppRef.extend({ enabled: z.boolean(), confirm: Confirm });
export const RotateAppTokenInput = AppRef.extend({ confirm: Confirm });
export const ReplaceAppTokenInput = AppRef.extend({ token: AppToken, confirm: Confirm });
/** A remote app's new Backend API URL, with its app token typed again for it. */
export const MoveAppInput = AppRef.extend({
  apiUrl: BackendUrl,
  token: AppToken,
  saveUnreachable: z.boolean().default(false),
});
export const DeleteAppInput = AppRef.extend({ confirm: z.string().max(64) });
