// The repository root, from which every bench finds the build and bench/results.
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
