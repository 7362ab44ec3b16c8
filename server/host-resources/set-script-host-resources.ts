import { db } from '@/db/client';
import type { Actor, RequestMeta } from '@/server/auth/actor';
import { assertCan } from '@/server/auth/permissions';
import { AppError } from '@/server/errors/app-error';
import { getScriptRow } from '@/server/scripts/get-script';
import { applyScriptHostResources, dropToDraftIfSuspended } from './apply-script-host-resources';
import {
  setScriptHostResourcesInput,
  type ScriptHostResourceDto,
  type SetScriptHostResourcesInput,
} from './host-resources.schema';
import { scriptHostResourceItems } from './list-script-host-resources';

/**
 * Sets the complete list of host resources a script declares (PUT semantics): new ones are granted
 * (if the caller may), suspended ones listed again are granted again (if the caller may), missing
 * ones are removed. Content is not changed, so no existing grant is suspended here.
 */
export async function setScriptHostResources(opts: {
  actor: Actor;
  input: SetScriptHostResourcesInput;
  meta?: RequestMeta;
}): Promise<{ script_id: string; items: ScriptHostResourceDto[] }> {
  assertCan(opts.actor, 'script.write');
  const parsed = setScriptHostResourcesInput.safeParse(opts.input);
  if (!parsed.success) throw AppError.fromZod(parsed.error);
  const { id, host_resources: names } = parsed.data;
  return db().transaction(async (tx) => {
    const script = await getScriptRow(id, tx, { forUpdate: true });
    const { suspended } = await applyScriptHostResources(tx, {
      actor: opts.actor,
      meta: opts.meta,
      scriptId: id,
      version: script.currentVersion,
      names,
      contentChanged: false,
    });
    await dropToDraftIfSuspended(tx, { actor: opts.actor, meta: opts.meta, scriptId: id, suspended });
    return { script_id: id, items: await scriptHostResourceItems(id, tx) };
  });
}
