'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import type { MessageKey } from '@/components/i18n/locale';
import { useTRPC } from '@/components/trpc/trpc-client';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import type { SecretDto } from '@/server/secrets/secrets.schema';

const groups: Array<{
  key: 'scripts' | 'workflows' | 'schedules' | 'triggers';
  label: MessageKey;
  href: (id: string) => string | null;
}> = [
  { key: 'scripts', label: 'settings.secrets.usageScripts', href: (id) => `/scripts/${id}` },
  { key: 'workflows', label: 'settings.secrets.usageWorkflows', href: (id) => `/workflows/${id}` },
  { key: 'schedules', label: 'settings.secrets.usageSchedules', href: () => null },
  { key: 'triggers', label: 'settings.secrets.usageTriggers', href: () => null },
];

/** Which scripts, workflows, schedules and triggers reference a secret. */
export function SecretUsage(props: { secret: SecretDto; onClose(): void }) {
  const t = useT();
  const trpc = useTRPC();
  const usage = useQuery(trpc.secrets.usage.queryOptions({ id: props.secret.id }));
  const empty = usage.data && groups.every((g) => usage.data[g.key].length === 0);
  return (
    <ConfirmDialog
      open
      title={t('settings.secrets.usageTitle', { name: props.secret.name })}
      confirmLabel={t('settings.secrets.usageClose')}
      cancelLabel={t('common.cancel')}
      onCancel={props.onClose}
      onConfirm={props.onClose}
    >
      <div className="space-y-2" data-testid="secret-usage">
        {usage.error && (
          <p role="alert" className="text-red-600">
            {usage.error.message}
          </p>
        )}
        {!usage.data && !usage.error && <p>{t('common.loading')}</p>}
        {empty && <p data-testid="secret-usage-empty">{t('settings.secrets.usageNone')}</p>}
        {usage.data &&
          groups.map((g) =>
            usage.data[g.key].length ? (
              <div key={g.key}>
                <p className="text-xs font-semibold uppercase text-slate-500">{t(g.label)}</p>
                <ul className="list-inside list-disc" data-testid={`secret-usage-${g.key}`}>
                  {usage.data[g.key].map((x) => {
                    const href = g.href(x.id);
                    return (
                      <li key={x.id}>
                        {href ? (
                          <Link className="text-blue-600 hover:underline dark:text-blue-400" href={href}>
                            {x.name}
                          </Link>
                        ) : (
                          x.name
                        )}
                      </li>
                    );
                  })}
                </ul>
              </div>
            ) : null,
          )}
      </div>
    </ConfirmDialog>
  );
}
