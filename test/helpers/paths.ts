import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, for tests that read schemas/ or run the generator. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The built `onem2m` command (what the package's bin points to); test/global-setup.ts builds it. */
export const builtCli = join(root, 'dist', 'src', 'cli', 'main.js');
