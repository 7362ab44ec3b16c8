'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { ScriptEditor } from './script-editor';

export function ExistingScriptScreen({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  // Fetched fresh on every visit (the cache may hold what this tab saw minutes ago); once the editor
  // has the text it owns it, so later refetches must not happen behind its back.
  const script = useQuery({
    ...trpc.scripts.get.queryOptions({ id }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnMount: 'always',
  });
  if (script.error) {
    return (
      <div className="space-y-2">
        <p role="alert" className="text-sm text-red-600">
          {script.error.message}
        </p>
        <Link href="/scripts" className="text-sm text-blue-700 hover:underline dark:text-blue-400">
          ← {t('nav.scripts')}
        </Link>
      </div>
    );
  }
  if (!script.data || !script.isFetchedAfterMount)
    return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  return <ScriptEditor key={id} initial={script.data} />;
}
