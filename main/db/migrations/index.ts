import { Initial1764140000000 } from './1764140000000-initial';
import { SeedDefaults1764140000001 } from './1764140000001-seed-defaults';

/** Explicit list, in order: globs break when bundled. Each migration has an explicit name. */
export const migrations = [Initial1764140000000, SeedDefaults1764140000001];
