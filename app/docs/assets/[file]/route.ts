import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const dynamic = 'force-dynamic';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';
const served: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

// Kept out of the HTML so a strict Content-Security-Policy without inline scripts still works.
const init = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(`${basePath}/api/v1/openapi.json`)}, dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true, persistAuthorization: true });`;

export async function GET(_req: Request, ctx: { params: Promise<{ file: string }> }) {
  const { file } = await ctx.params;
  if (file === 'docs-init.js')
    return new Response(init, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  const type = served[file];
  if (!type) return new Response('not found', { status: 404 });
  const body = await readFile(path.join(process.cwd(), 'node_modules', 'swagger-ui-dist', file));
  return new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } });
}
