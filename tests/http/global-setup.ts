import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { type RunningServer, startServer } from '../helpers/server';

export const HTTP_APP_TOKEN = 'httpsuite0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
let server: RunningServer | undefined;

export async function setup(project: TestProject) {
  server = await startServer({ MESIBO_APP_TOKEN: HTTP_APP_TOKEN, BREACH_MAX_IPS: '5' });
  project.provide('baseUrl', server.url);
  project.provide('dataDir', server.dataDir);
  project.provide('appToken', HTTP_APP_TOKEN);
}

export async function teardown() {
  if (!server) return;
  await server.stop();
  fs.rmSync(server.dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    appToken: string;
  }
}
