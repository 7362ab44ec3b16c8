import { allowed, router } from '../init';
import {
  createHostResourceInput,
  hostResourceIdInput,
  setScriptHostResourcesInput,
  updateHostResourceInput,
} from '@/server/host-resources/host-resources.schema';
import { createHostResource } from '@/server/host-resources/create-host-resource';
import { deleteHostResource } from '@/server/host-resources/delete-host-resource';
import { getHostResource } from '@/server/host-resources/get-host-resource';
import { listHostResources } from '@/server/host-resources/list-host-resources';
import { updateHostResource } from '@/server/host-resources/update-host-resource';
import { listScriptHostResources } from '@/server/host-resources/list-script-host-resources';
import { setScriptHostResources } from '@/server/host-resources/set-script-host-resources';

export const hostResourcesRouter = router({
  list: allowed('hostresource.read').query(({ ctx }) => listHostResources({ actor: ctx.actor })),
  get: allowed('hostresource.read')
    .input(hostResourceIdInput)
    .query(({ ctx, input }) => getHostResource({ actor: ctx.actor, id: input.id })),
  create: allowed('hostresource.manage')
    .input(createHostResourceInput)
    .mutation(({ ctx, input }) => createHostResource({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('hostresource.manage')
    .input(updateHostResourceInput)
    .mutation(({ ctx, input }) => updateHostResource({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('hostresource.manage')
    .input(hostResourceIdInput)
    .mutation(({ ctx, input }) => deleteHostResource({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  ofScript: allowed('script.read')
    .input(hostResourceIdInput)
    .query(({ ctx, input }) => listScriptHostResources({ actor: ctx.actor, id: input.id })),
  setForScript: allowed('script.write')
    .input(setScriptHostResourcesInput)
    .mutation(({ ctx, input }) => setScriptHostResources({ actor: ctx.actor, input, meta: ctx.meta })),
});
