// Preloaded into the production web process (bundled to dist/rest-transport.mjs, loaded with
// `node --import` or imported by the in-process launcher): REST v1 answered before Next.js routes
// the request (node-transport.ts says why).
import { installRestTransport } from './install-rest-transport';

installRestTransport(process.env.BASE_PATH ?? '');
