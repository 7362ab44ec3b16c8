'use client';
import type { ReactNode } from 'react';
import { PrefsSwitchers } from './prefs-switchers';
import { useT } from '@/components/i18n/i18n-provider';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-4">
        <div className="flex items-center justify-between">
          <span className="text-sm font-semibold text-blue-700 dark:text-blue-400">{t('app.name')}</span>
          <PrefsSwitchers />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="mb-4 text-xl font-semibold">{title}</h1>
          {children}
        </div>
      </div>
    </main>
  );
}
