'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { AppKind, Environment } from '@/lib/domain/apps';

/**
 * The app whose pages are on screen, for client components: its id (which actions and links
 * carry) and its environment (Production asks for typed confirmations). Set once by the
 * app's layout; the server checks the operator against the app again on every request.
 */
export interface ScopeApp {
  id: number;
  name: string;
  environment: Environment;
  kind: AppKind;
}

export const AppContext = createContext<ScopeApp | undefined>(undefined);

export function AppScope({ app, children }: { app: ScopeApp; children: ReactNode }) {
  return <AppContext value={app}>{children}</AppContext>;
}

export function useScopeApp(): ScopeApp {
  const app = useContext(AppContext);
  if (!app) throw new Error('useScopeApp outside an app page');
  return app;
}
