import { z } from 'zod';
import { allowed, router } from '../init';
import { createApiKeyInput } from '@/server/apikeys/apikeys.schema';
import { createApiKey } from '@/server/apikeys/create-api-key';
import { listApiKeys } from '@/server/apikeys/list-api-keys';
import { revokeApiKey } from '@/server/apikeys/revoke-api-key';
import { listSecretUsage } from '@/server/secrets/list-secret-usage';
import { deleteSecret } from '@/server/secrets/delete-secret';
import { listSecrets } from '@/server/secrets/list-secrets';
import { setSecretScope } from '@/server/secrets/set-secret-scope';
import { setSecretScopeInput, upsertSecretInput } from '@/server/secrets/secrets.schema';
import { upsertSecret } from '@/server/secrets/upsert-secret';
import { createUser } from '@/server/users/create-user';
import { createUserInput, resetPasswordInput, updateUserInput } from '@/server/users/users.schema';
import { listUsers } from '@/server/users/list-users';
import { resetUserPassword } from '@/server/users/reset-user-password';
import { updateUser } from '@/server/users/update-user';
import { listAudit, listAuditInput } from '@/server/audit/list-audit';

const byId = z.object({ id: z.uuid() });

export const usersRouter = router({
  list: allowed('user.manage').query(({ ctx }) => listUsers({ actor: ctx.actor })),
  create: allowed('user.manage')
    .input(createUserInput)
    .mutation(({ ctx, input }) => createUser({ actor: ctx.actor, input, meta: ctx.meta })),
  update: allowed('user.manage')
    .input(updateUserInput)
    .mutation(({ ctx, input }) => updateUser({ actor: ctx.actor, input, meta: ctx.meta })),
  resetPassword: allowed('user.manage')
    .input(resetPasswordInput)
    .mutation(({ ctx, input }) => resetUserPassword({ actor: ctx.actor, input, meta: ctx.meta })),
});

export const apiKeysRouter = router({
  list: allowed('apikey.manage').query(({ ctx }) => listApiKeys({ actor: ctx.actor })),
  create: allowed('apikey.manage')
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey({ actor: ctx.actor, input, meta: ctx.meta })),
  revoke: allowed('apikey.manage')
    .input(byId)
    .mutation(({ ctx, input }) => revokeApiKey({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
});

export const secretsRouter = router({
  list: allowed('secret.read').query(({ ctx }) => listSecrets({ actor: ctx.actor })),
  upsert: allowed('secret.write')
    .input(upsertSecretInput)
    .mutation(({ ctx, input }) => upsertSecret({ actor: ctx.actor, input, meta: ctx.meta })),
  delete: allowed('secret.write')
    .input(byId)
    .mutation(({ ctx, input }) => deleteSecret({ actor: ctx.actor, id: input.id, meta: ctx.meta })),
  setScope: allowed('secret.write')
    .input(setSecretScopeInput)
    .mutation(({ ctx, input }) => setSecretScope({ actor: ctx.actor, input, meta: ctx.meta })),
  usage: allowed('secret.read')
    .input(byId)
    .query(({ ctx, input }) => listSecretUsage({ actor: ctx.actor, id: input.id })),
});

export const auditRouter = router({
  list: allowed('audit.read')
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit({ actor: ctx.actor, input })),
});
