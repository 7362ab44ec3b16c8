import { allowed, router } from '../init';
import {
  bulkStatusInput,
  createScriptInput,
  idInput,
  listScriptsInput,
  updateScriptInput,
  validateContentInput,
  versionRefInput,
} from '@/server/scripts/scripts.schema';
import { createScript } from '@/server/scripts/create-script';
import { getScript } from '@/server/scripts/get-script';
import { listScripts } from '@/server/scripts/list-scripts';
import { updateScript } from '@/server/scripts/update-script';
import { deleteScript } from '@/server/scripts/delete-script';
import { getScriptVersion, listScriptVersions, restoreScriptVersion } from '@/server/scripts/script-versions';
import { listScriptFacets, setScriptsStatus } from '@/server/scripts/script-facets';
import { validateScript } from '@/server/scripts/validation/validate-script';

export const scriptsRouter = router({
  list: allowed('script.read')
    .input(listScriptsInput)
    .query(({ ctx, input }) => listScripts({ actor: ctx.actor, input })),
  get: allowed('script.read')
    .input(idInput)
    .query(({ ctx, input }) => getScript({ actor: ctx.actor, id: input.id })),
  facets: allowed('script.read').query(({ ctx }) => listScriptFacets({ actor: ctx.actor })),
  create: allowed('script.write')
    .input(createScriptInput)
    .mutation(({ ctx, input }) => createScript({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('script.write')
    .input(updateScriptInput)
    .mutation(({ ctx, input }) => updateScript({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('script.write')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteScript({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  setStatus: allowed('script.write')
    .input(bulkStatusInput)
    .mutation(({ ctx, input }) => setScriptsStatus({ actor: ctx.actor, input, meta: ctx.meta })),
  versions: allowed('script.read')
    .input(idInput)
    .query(({ ctx, input }) => listScriptVersions({ actor: ctx.actor, id: input.id })),
  version: allowed('script.read')
    .input(versionRefInput)
    .query(({ ctx, input }) => getScriptVersion({ actor: ctx.actor, ...input })),
  restore: allowed('script.write')
    .input(versionRefInput)
    .mutation(({ ctx, input }) => restoreScriptVersion({ actor: ctx.actor, ...input, meta: ctx.meta })),
  // Validation while typing: read-only, so any reader may call it.
  validate: allowed('script.read')
    .input(validateContentInput)
    .mutation(({ input }) => validateScript(input)),
});

export type ScriptsRouter = typeof scriptsRouter;
