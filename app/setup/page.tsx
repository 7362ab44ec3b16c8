import { redirect } from 'next/navigation';
import { hasAnyUser } from '@/server/auth/create-first-admin';
import { SetupForm } from '@/components/shell/setup-form';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (await hasAnyUser()) redirect('/signin');
  return <SetupForm />;
}
