import { redirect } from 'next/navigation';
import { hasAnyUser } from '@/server/auth/create-first-admin';
import { SignInForm } from '@/components/shell/sign-in-form';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  if (!(await hasAnyUser())) redirect('/setup');
  return <SignInForm />;
}
