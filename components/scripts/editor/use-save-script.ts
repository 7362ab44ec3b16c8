'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/trpc-client';
import { formField, serverProblem, type ServerProblem } from '../server-problem';
import type { ScriptDto } from '../script-types';
import { FORM_FIELDS } from './form-fields';
import { draftToInput, type LocalErrors, type ScriptDraft } from './script-draft';

/** `fieldErrors`: some message belongs next to a field of the details form. */
export type SaveOutcome = { ok: true; script: ScriptDto } | { ok: false; fieldErrors: boolean };

/**
 * Create or update from the form. Local checks run first (they need no round trip); the server's
 * refusal (400 field details, 409 name taken, 422 activation blocked) is kept for display.
 */
export function useSaveScript(scriptId: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.scripts.create.mutationOptions());
  const update = useMutation(trpc.scripts.update.mutationOptions());
  const [localErrors, setLocalErrors] = useState<LocalErrors>({});
  const [problem, setProblem] = useState<ServerProblem | null>(null);
  // Ctrl+S can fire again before React re-renders with isPending; the ref stops a double save.
  const inFlight = useRef(false);

  async function save(draft: ScriptDraft, message: string): Promise<SaveOutcome | null> {
    if (inFlight.current) return null;
    const parsed = draftToInput(draft);
    if (parsed.errors) {
      setLocalErrors(parsed.errors);
      setProblem(null);
      return { ok: false, fieldErrors: true };
    }
    setLocalErrors({});
    inFlight.current = true;
    try {
      const msg = message.trim() || undefined;
      const dto = scriptId
        ? await update.mutateAsync({ id: scriptId, patch: { ...parsed.input, message: msg } })
        : await create.mutateAsync({ ...parsed.input, message: msg });
      setProblem(null);
      queryClient.setQueryData(trpc.scripts.get.queryKey({ id: dto.id }), dto);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.scripts.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.scripts.facets.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.scripts.versions.queryKey({ id: dto.id }) }),
      ]);
      return { ok: true, script: dto };
    } catch (err) {
      const problem = serverProblem(err);
      setProblem(problem);
      return { ok: false, fieldErrors: Boolean(problem?.details.some((d) => FORM_FIELDS.has(formField(d.field)))) };
    } finally {
      inFlight.current = false;
    }
  }

  return {
    save,
    saving: create.isPending || update.isPending,
    localErrors,
    problem,
    clearProblem: () => setProblem(null),
  };
}
