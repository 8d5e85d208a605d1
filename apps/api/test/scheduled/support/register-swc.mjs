// `node --conditions=@sluice/source --import ./register-swc.mjs apps/api/src/main.ts`
import { register } from 'node:module';

register('./swc-hooks.mjs', import.meta.url);
