import { redirect } from 'next/navigation';
import { serverT } from '@/components/i18n/server-locale';
import { settingsSections } from '@/components/settings/sections';
import { can, roleOf } from '@/server/auth/permissions';
import { actorFromSession } from '@/server/session/current-actor';

/** Opens the first section the role may use; a role with none is told so. */
export default async function SettingsPage() {
  const actor = await actorFromSession();
  if (!actor) redirect('/signin');
  const first = settingsSections.find((s) => can(actor, s.action));
  if (first) redirect(`/settings/${first.slug}`);
  const t = await serverT();
  return (
    <p className="text-sm text-slate-500" data-testid="settings-nothing">
      {t('settings.nothing', { role: t(`settings.role.${roleOf(actor)}`) })}
    </p>
  );
}
