'use client';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import Link from 'next/link';
import { useT } from '@/components/i18n/i18n-provider';
import { useTRPC } from '@/components/trpc/trpc-client';
import { Designer } from './designer';

/** Loads the workflow and the script palette, then hands both to the designer. */
export function DesignerScreen({ id }: { id: string }) {
  const t = useT();
  const trpc = useTRPC();
  // The designer keeps its own working copy: no background refetch may overwrite edits.
  const workflow = useQuery({
    ...trpc.workflows.get.queryOptions({ id }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const scripts = useQuery(trpc.workflows.scriptsForPalette.queryOptions());

  if (workflow.error) {
    return (
      <div className="space-y-2">
        <p role="alert" className="text-sm text-red-600" data-testid="designer-error">
          {workflow.error.message}
        </p>
        <Link href="/workflows" className="text-sm text-blue-600 hover:underline">
          {t('workflows.backToList')}
        </Link>
      </div>
    );
  }
  if (!workflow.data) return <p className="text-sm text-slate-500">{t('common.loading')}</p>;
  return (
    <ReactFlowProvider>
      <Designer
        key={workflow.data.id}
        workflow={workflow.data}
        scripts={scripts.data}
        scriptsError={scripts.error?.message ?? null}
      />
    </ReactFlowProvider>
  );
}
