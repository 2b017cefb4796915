import { fileURLToPath } from 'node:url';

/** The package root, for tests that read schemas/ or run the generator. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
