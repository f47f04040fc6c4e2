/**
 * `npm run build:web`: bundles the dashboard (web/ + graphql-ws + uPlot, and the typed documents in
 * src/client) into static/dist/ with esbuild, so the page needs no CDN and no network beyond its own
 * origin. The output is gitignored and rebuilt before `npm start` and `npm test` (it takes well under
 * a second), which keeps generated code out of review and can never go stale against web/.
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_OUT_DIR = join(root, 'static', 'dist');

export async function buildWeb(): Promise<void> {
  await rm(WEB_OUT_DIR, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // main.ts imports styles.css, so the bundle comes out as app.js + app.css.
    entryPoints: { app: 'web/main.ts' },
    outdir: WEB_OUT_DIR,
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    tsconfig: 'web/tsconfig.json',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // graphql-js reads NODE_ENV to pick its development checks; the browser has no process.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb();
  console.log(`built ${WEB_OUT_DIR}`);
}
