/**
 * Words for apps that pages and forms share (browser-safe): environments, kinds and states
 * as the console shows them.
 */
export const ENVIRONMENTS = ['production', 'staging', 'development'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  production: 'Production',
  staging: 'Staging',
  development: 'Development',
};

export type AppKind = 'bundled' | 'remote';
export const KIND_LABELS: Record<AppKind, string> = { bundled: 'Bundled', remote: 'Remote' };

export type AppState = 'enabled' | 'disabled' | 'breach';
export const STATE_LABELS: Record<AppState, string> = {
  enabled: 'Enabled',
  disabled: 'Disabled',
  breach: 'Disabled by token breach',
};
