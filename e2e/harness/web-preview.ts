import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './env.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface WebPreview {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the built web app (apps/web/dist) with `vite preview` on a free port, proxying `/api`
 * to `apiUrl`: a second copy of the web app wired to a different API, for scenarios the shared
 * stack must not be put in (e.g. the API being down).
 */
export async function startWebPreview(apiUrl: string): Promise<WebPreview> {
  const webDir = join(REPO_ROOT, 'apps/web');
  if (!existsSync(join(webDir, 'dist/index.html'))) {
    throw new Error(
      'apps/web/dist is missing: build the web app first (`npx turbo run build --filter=@sluice/web`)',
    );
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: webDir, env: { ...process.env, SLUICE_API_URL: apiUrl }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitUntilServing(url, child, () => output);
  return { url, stop: () => stopChild(child) };
}

/** Polls until the server answers; fails at once if the process exits, or after 30 s. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stopChild(child);
  throw new Error(`vite preview did not answer at ${url} within 30 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
