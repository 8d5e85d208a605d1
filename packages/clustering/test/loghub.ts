/** Locates the Loghub-2k dataset for the tests (skipped when absent). */
import { existsSync } from 'node:fs';

export const LOGHUB_DIR = process.env.SLUICE_LOGHUB_DIR ?? '/work/shared/datasets/loghub-2k';
export const hasLoghub = existsSync(LOGHUB_DIR);
