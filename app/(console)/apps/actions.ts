'use server';

import { defineAction } from '@/lib/actions/run';
import {
  createApp,
  deleteApp,
  moveApp,
  replaceAppToken,
  rotateAppToken,
  saveApp,
  setAppEnabled,
  testConnection,
} from '@/lib/dal/apps';
import { appRegistry } from '@/lib/server/apps';
import {
  AppRef,
  CreateAppInput,
  DeleteAppInput,
  MoveAppInput,
  ReplaceAppTokenInput,
  RotateAppTokenInput,
  SaveAppInput,
  SetAppEnabledInput,
} from '@/lib/validations/apps';

/** Audit names an app by id and its current name, looked up on the server (never taken from the request). */
const appTarget = async ({ app }: { app: number }) => {
  const found = await (await appRegistry()).get(app);
  return found ? `app ${app} (${found.name})` : `app ${app}`;
};

export const createAppAction = defineAction(
  {
    name: 'app.create',
    permission: 'apps.manage',
    input: CreateAppInput,
    target: (i) => `new ${i.kind} app (${i.name})`,
  },
  async (input) => {
    const { app, token, probe } = await createApp(input);
    return { id: app.id, name: app.name, kind: app.kind, apiUrl: app.apiUrl, token, probe };
  },
);

export const saveAppAction = defineAction(
  { name: 'app.update', permission: 'apps.manage', input: SaveAppInput, target: appTarget },
  async ({ app, name, environment }) => {
    const saved = await saveApp(app, { name, environment });
    return { id: saved.id, name: saved.name };
  },
);

export const setAppEnabledAction = defineAction(
  { name: 'app.state', permission: 'apps.manage', input: SetAppEnabledInput, target: appTarget },
  async ({ app, enabled, confirm }) => {
    const changed = await setAppEnabled(app, enabled, confirm);
    return { id: changed.id, name: changed.name, state: changed.state };
  },
);

export const rotateAppTokenAction = defineAction(
  {
    name: 'app.token.rotate',
    permission: 'apps.manage',
    input: RotateAppTokenInput,
    target: appTarget,
    detail: (_, r) =>
      (r as { afterBreach?: boolean }).afterBreach
        ? 'After a breach: the app is enabled again with the new token (its client addresses are kept under Past breaches).'
        : '',
  },
  async ({ app, confirm }) => {
    const rotated = await rotateAppToken(app, confirm);
    return { id: rotated.app.id, name: rotated.app.name, token: rotated.token, afterBreach: rotated.afterBreach };
  },
);

export const replaceAppTokenAction = defineAction(
  { name: 'app.token.replace', permission: 'apps.manage', input: ReplaceAppTokenInput, target: appTarget },
  async ({ app, token, confirm }) => {
    const replaced = await replaceAppToken(app, token, confirm);
    return { id: replaced.id, tokenLast4: replaced.tokenLast4 };
  },
);

export const testConnectionAction = defineAction(
  { name: 'app.test', permission: 'apps.manage', input: AppRef, target: appTarget },
  async ({ app }) => testConnection(app),
);

export const moveAppAction = defineAction(
  { name: 'app.url', permission: 'apps.manage', input: MoveAppInput, target: appTarget },
  async ({ app, apiUrl, token, saveUnreachable }) => {
    const moved = await moveApp(app, apiUrl, token, saveUnreachable);
    return { id: moved.app.id, apiUrl: moved.app.apiUrl, tokenLast4: moved.app.tokenLast4, probe: moved.probe };
  },
);

export const deleteAppAction = defineAction(
  { name: 'app.delete', permission: 'apps.manage', input: DeleteAppInput, target: appTarget },
  async ({ app, confirm }) => deleteApp(app, confirm),
);
