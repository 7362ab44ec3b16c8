'use client';
import { useRef, useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { Button } from '@/components/ui/button';

/** The only place a key is ever shown: after creation, until the user dismisses it. */
export function NewKeyBox(props: { name: string; value: string; onDone(): void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(props.value);
    } catch {
      // No clipboard API (plain http on a LAN address): the text is selected for Ctrl+C.
      document.execCommand?.('copy');
    }
    setCopied(true);
  };
  return (
    <section
      className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/50"
      data-testid="new-key-box"
    >
      <h2 className="text-sm font-semibold text-amber-900 dark:text-amber-200">
        {t('settings.keys.newTitle')}: {props.name}
      </h2>
      <p role="alert" className="text-sm text-amber-900 dark:text-amber-200">
        {t('settings.keys.newWarning')}
      </p>
      <div className="flex gap-2">
        <input
          ref={input}
          readOnly
          value={props.value}
          onFocus={(e) => e.target.select()}
          className="w-full rounded-md border border-amber-300 bg-white px-2.5 py-1.5 font-mono text-sm dark:border-amber-800 dark:bg-slate-900"
          aria-label={t('settings.keys.newTitle')}
          data-testid="new-key-value"
        />
        <Button variant="secondary" onClick={copy} data-testid="copy-key">
          {copied ? t('settings.keys.copied') : t('settings.keys.copy')}
        </Button>
        <Button onClick={props.onDone} className="whitespace-nowrap" data-testid="dismiss-key">
          {t('settings.keys.done')}
        </Button>
      </div>
    </section>
  );
}
