export const dynamic = 'force-dynamic';

const basePath = process.env.NEXT_PUBLIC_BASE_PATH ?? '';

/**
 * Interactive API docs: Swagger UI served from the swagger-ui-dist package (no CDN). The validator
 * badge is turned off because it would call an internet host.
 */
export function GET() {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>VSS Script Orchestration API</title>
<link rel="stylesheet" href="${basePath}/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="${basePath}/docs/assets/swagger-ui-bundle.js"></script>
<script src="${basePath}/docs/assets/docs-init.js"></script>
</body></html>`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
