import { serverT } from '@/components/i18n/server-locale';
import type { MessageKey } from '@/components/i18n/locale';

/** Sections whose issue has not landed say so plainly instead of showing fake data. */
export async function NotYet({ titleKey }: { titleKey: MessageKey }) {
  const t = await serverT();
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">{t(titleKey)}</h1>
      <p className="text-sm text-slate-500">{t('common.notYet')}</p>
    </div>
  );
}
