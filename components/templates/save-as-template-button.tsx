'use client';
import { useState } from 'react';
import { useT } from '@/components/i18n/i18n-provider';
import { useCan } from '@/components/shell/permissions';
import { Button } from '@/components/ui/button';
import { SaveAsTemplateDialog } from './save-as-template-dialog';

/** The script editor's "Save as template" button (for those who may write templates). */
export function SaveAsTemplateButton({ script }: { script: { id: string; name: string } }) {
  const t = useT();
  const canWrite = useCan('template.write');
  const [open, setOpen] = useState(false);
  // Remounted per opening, so the dialog starts from the script as it is now.
  const [session, setSession] = useState(0);
  if (!canWrite) return null;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setSession((s) => s + 1);
          setOpen(true);
        }}
        data-testid="save-as-template"
      >
        {t('templates.saveAs.button')}
      </Button>
      <SaveAsTemplateDialog key={session} open={open} onClose={() => setOpen(false)} script={script} />
    </>
  );
}
