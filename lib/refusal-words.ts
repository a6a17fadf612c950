import { appHref, groupHref, userHref } from '@/lib/domain/app-paths';
import type { OpError } from '@/lib/mesibo/errors';
import type { ActionError } from '@/lib/result';

/**
 * A backend refusal in the console's words. The backend's `cause` and `action` are the API's
 * ("Create the user first with op "useradd""): right for a developer reading a response,
 * wrong for an operator in a form. The console decides from the stable parts, the error code
 * and `properties`, what went wrong, puts it on the form field at fault, and links to what it
 * names. The backend's own text stays in the server log and the audit entry.
 *
 * `fields` maps a backend property to the form field that supplied it (only fields the form
 * shows: anything else is the page's subject, such as the user whose page it is).
 */
export interface RefusalContext {
  input?: unknown;
  fields?: Readonly<Record<string, string>>;
  /** The app acted on: links lead into it. */
  app?: number;
}

type Words = Pick<ActionError, 'message' | 'action' | 'link' | 'fieldErrors'>;

/** Links into the app acted on (without one, the old paths: they lead to the default app). */
const linksOf = (app: number | undefined) => ({
  users: app === undefined ? '/users' : appHref(app, '/users'),
  groups: app === undefined ? '/groups' : appHref(app, '/groups'),
  user: (address: string) => (app === undefined ? `/users/${encodeURIComponent(address)}` : userHref(app, address)),
  group: (gid: unknown) =>
    app === undefined ? `/groups/${encodeURIComponent(String(gid))}` : groupHref(app, String(gid)),
});
type Links = ReturnType<typeof linksOf>;

/** What the operator typed for `name`, if the input has it. */
function typed(input: unknown, name: string): unknown {
  return input && typeof input === 'object' ? (input as Record<string, unknown>)[name] : undefined;
}

/** The backend's reason for one property, from a cause such as "user.name must be …; …". */
function reasonFor(cause: string, property: string): string | undefined {
  const part = cause.split('; ').find((p) => p.startsWith(`${property} `));
  return part?.slice(property.length + 1).replace(/\.$/, '');
}

export function refusalWords(e: OpError, { input, fields = {}, app }: RefusalContext = {}): Words {
  const links = linksOf(app);
  const property = e.properties.find((p) => fields[p]);
  const field = property ? fields[property] : undefined;
  const value = field ? typed(input, field) : undefined;
  const onField = (message: string, extra: Omit<Words, 'message' | 'fieldErrors'> = {}): Words =>
    field ? { message, ...extra, fieldErrors: { [field]: [message] } } : { message, ...extra };

  switch (e.error) {
    case 'NOUSER': {
      if (typeof value === 'string') return onField(`There is no user "${value}" in this app.`);
      if (Array.isArray(value)) {
        // Name the unknown ones where the backend's text quotes them; otherwise say which field.
        const unknown = value.filter((a) => typeof a === 'string' && e.cause.includes(`"${a}"`));
        return onField(
          unknown.length
            ? `Not users of this app: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}.`
            : 'Some of these addresses are not users of this app.',
        );
      }
      const address = typed(input, 'address');
      return {
        message:
          typeof address === 'string'
            ? `The user "${address}" no longer exists: it may have just been deleted.`
            : 'This user no longer exists.',
        link: { href: links.users, label: 'Back to Users' },
      };
    }
    case 'NOGROUP':
      if (value !== undefined)
        return onField(`There is no group ${String(value)} in this app.`, {
          link: { href: links.groups, label: 'Open Groups' },
        });
      return {
        message: 'This group no longer exists: it may have just been deleted.',
        link: { href: links.groups, label: 'Back to Groups' },
      };
    case 'NOTALLOWED':
      return notAllowed(e, input, onField, links);
    case 'BADVALUE': {
      if (!property) break;
      const reason = reasonFor(e.cause, property);
      return onField(reason ? `Not accepted by the backend: ${reason}.` : 'The backend did not accept this value.');
    }
    case 'AUTHFAIL':
      return {
        message: "The backend refused the console's app token.",
        action:
          "An admin must replace this app's token on its settings page (or MESIBO_APP_TOKEN, where it comes from).",
      };
    case 'APPDISABLED':
      return {
        message: 'This app is disabled on the backend: it accepts no changes and answers no reads.',
        action: 'An admin must enable the app again.',
      };
    case 'TOKENBREACH':
      return {
        message: 'The backend disabled this app: its app token was used from too many addresses.',
        action: 'An admin must rotate the app token and deploy the new one to your app servers.',
      };
    case 'RATELIMITED':
      return {
        message: 'The backend is limiting how often the console may call it.',
        action: 'Try again in a minute.',
      };
    case 'TOOLARGE':
      return { message: 'This is more than the backend accepts in one request.', action: 'Send less at a time.' };
    case 'BADOP':
      return { message: `The backend does not offer this operation (${e.op}).` };
    case 'INTERNAL':
      return {
        message: 'The backend failed while handling this request.',
        action: 'Try again; if it persists, check the backend.',
      };
  }
  // A code the console does not know (a newer or another backend): its own words are all there is.
  return { message: e.cause || `The backend refused the request (${e.error}).` };
}

/** NOTALLOWED on a message: who may not send, and a link to where that is changed. */
function notAllowed(
  e: OpError,
  input: unknown,
  onField: (m: string, x?: Omit<Words, 'message' | 'fieldErrors'>) => Words,
  links: Links,
): Words {
  const from = typed(input, 'from');
  const gid = typed(input, 'gid');
  const aboutSender = e.properties.includes('message.from');
  const aboutGroup = e.properties.includes('message.gid');
  if (aboutSender && aboutGroup && typeof from === 'string') {
    return onField(`"${from}" may not send to group ${String(gid)}.`, {
      action:
        'Only its members can send (in some groups, only members with send permission). Add the member, or change Who can send.',
      link: { href: links.group(gid), label: `Open group ${String(gid)}` },
    });
  }
  if (aboutSender && typeof from === 'string') {
    return onField(`"${from}" is deactivated and cannot send.`, {
      link: { href: links.user(from), label: `Open ${from}` },
    });
  }
  if (aboutGroup && gid !== undefined) {
    return onField(`Group ${String(gid)} is deactivated: nobody can send to it.`, {
      link: { href: links.group(gid), label: `Open group ${String(gid)}` },
    });
  }
  return { message: 'The backend does not allow this.' };
}
