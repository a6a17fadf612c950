/**
 * Failures of the Backend API. An op throws an OpFailure; the envelope layer turns it into
 * `{op, result:false, error, code, cause, action, properties}`. Any other throw is a bug
 * and answers INTERNAL without detail (the detail goes to the server log).
 */
export const ERROR_STATUS = {
  BADREQUEST: 400,
  BADMETHOD: 405,
  BADOP: 400,
  AUTHFAIL: 401,
  APPDISABLED: 403,
  TOKENBREACH: 403,
  BADVALUE: 400,
  NOUSER: 404,
  NOGROUP: 404,
  NOTALLOWED: 403,
  TOOLARGE: 413,
  RATELIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class OpFailure extends Error {
  constructor(
    readonly error: ErrorCode,
    readonly cause: string,
    readonly action: string,
    readonly properties: string[] = [],
  ) {
    super(`${error}: ${cause}`);
  }
  get code(): number {
    return ERROR_STATUS[this.error];
  }
}

export const fail = {
  badValue: (cause: string, properties: string[], action = 'Correct the listed fields and send the request again.') =>
    new OpFailure('BADVALUE', cause, action, properties),
  noUser: (addresses: string[], property: string) =>
    new OpFailure(
      'NOUSER',
      addresses.length === 1
        ? `No user with address "${addresses[0]}" exists in this app.`
        : `No users with these addresses exist in this app: ${addresses.map((a) => `"${a}"`).join(', ')}.`,
      'Create the user first with op "useradd", or check the address for typos.',
      [property],
    ),
  noGroup: (gid: number, property: string) =>
    new OpFailure(
      'NOGROUP',
      `No group with gid ${gid} exists in this app.`,
      'Check the gid (op "groupsget" lists groups) or create the group with op "groupadd".',
      [property],
    ),
  notAllowed: (cause: string, action: string, properties: string[]) =>
    new OpFailure('NOTALLOWED', cause, action, properties),
};
