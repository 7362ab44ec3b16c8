'use client';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { basePath } from '@/components/trpc/providers';
import { Button } from '@/components/ui/button';

/** The full webhook URL (with the app's base path), shown once after it was generated. */
export function WebhookUrlOnce({ path }: { path: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const url = `${typeof window === 'undefined' ? '' : window.location.origin}${basePath}${path}`;
  return (
    <div
      className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40"
      data-testid="webhook-once"
    >
      <p className="font-medium text-amber-800 dark:text-amber-300">{t('triggers.webhook.once')}</p>
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 break-all font-mono text-xs" data-testid="webhook-url">
          {url}
        </code>
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => setCopied(true),
              () => undefined,
            );
          }}
        >
          {copied ? t('triggers.webhook.copied') : t('triggers.webhook.copy')}
        </Button>
      </div>
    </div>
  );
}
