import { fileURLToPath } from 'node:url';

/** The web app under test; `npm start` serves it here. */
export const WEB_URL = (process.env.SLUICE_WEB_URL ?? 'http://127.0.0.1:5173').replace(/\/+$/, '');

/** Debian's Chromium (apt `chromium`, installed by infra/install.sh); SLUICE_CHROMIUM overrides. */
export const CHROMIUM_PATH = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Screenshots and other artefacts for people to look at after a run (git-ignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));
