import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/router';

// Derived from the router so the UI breaks at compile time when an API shape changes.
type ScriptsOutputs = inferRouterOutputs<AppRouter>['scripts'];

export type ScriptDto = ScriptsOutputs['get'];
export type ScriptListItem = ScriptsOutputs['list']['items'][number];
export type ValidationResult = ScriptsOutputs['validate'];
export type ScriptVersionSummary = ScriptsOutputs['versions'][number];
export type ScriptStatus = ScriptDto['status'];
export type ScriptLanguage = ScriptDto['language'];
export type RetryBackoff = ScriptDto['retry_backoff'];

// Client copies of the server enums: importing scripts.schema would pull zod and ajv into the bundle.
export const SCRIPT_STATUSES = ['draft', 'active', 'disabled', 'archived'] as const satisfies readonly ScriptStatus[];
export const SCRIPT_LANGUAGES = ['python', 'bash'] as const satisfies readonly ScriptLanguage[];
export const RETRY_BACKOFFS = ['exponential', 'fixed'] as const satisfies readonly RetryBackoff[];
