import { Initial1764140000000 } from './1764140000000-initial';
import { SeedDefaults1764140000001 } from './1764140000001-seed-defaults';
import { RolloverRecord1764140004000 } from './1764140004000-rollover-record';

/** Explicit list, in order: globs break when bundled. Each migration has an explicit name. */
export const migrations = [Initial1764140000000, SeedDefaults1764140000001, RolloverRecord1764140004000];
