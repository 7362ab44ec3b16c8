'use client';
import { createContext, useContext, type ReactNode } from 'react';
import type { Action } from '@/server/auth/permissions';

const Ctx = createContext<ReadonlySet<string>>(new Set());

export function PermissionsProvider({ permissions, children }: { permissions: string[]; children: ReactNode }) {
  return <Ctx.Provider value={new Set(permissions)}>{children}</Ctx.Provider>;
}

/** Hides controls the API would refuse; the services enforce the same table. */
export function useCan(action: Action): boolean {
  return useContext(Ctx).has(action);
}
