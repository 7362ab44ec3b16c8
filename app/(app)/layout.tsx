import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { actorFromSession } from '@/server/session/current-actor';
import { AppShell } from '@/components/shell/app-shell';
import { permissionTable } from '@/server/auth/permissions';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await actorFromSession();
  if (!actor || actor.type !== 'user') redirect('/signin');
  return (
    <AppShell user={{ email: actor.email, role: actor.role }} permissions={[...permissionTable[actor.role]]}>
      {children}
    </AppShell>
  );
}
