import { Initial1764140000000 } from './1764140000000-initial';
import { SeedDefaults1764140000001 } from './1764140000001-seed-defaults';
import { RolloverRecord1764140004000 } from './1764140004000-rollover-record';
import { AuditAppendOnly1764140006000 } from './1764140006000-audit-append-only';
import { Suggestions1764140007000 } from './1764140007000-suggestions';
import { Plan1764140007001 } from './1764140007001-plan';
import { DigitalResources1764140008000 } from './1764140008000-digital-resources';
import { Opac1764140009000 } from './1764140009000-opac';
import { TitleSortKey1764140010000 } from './1764140010000-title-sort-key';
import { OpacGuard1764140011300 } from './1764140011300-opac-guard';
import { InLibraryUse1764140011400 } from './1764140011400-in-library-use';
import { UnionFeed1764140013100 } from './1764140013100-union-feed';
import { Accounts1764140020000 } from './1764140020000-accounts';
import { Reservations1764140022000 } from './1764140022000-reservations';
import { ReaderHomeroom1764140022500 } from './1764140022500-reader-homeroom';
import { RolloverHelpers1764140023000 } from './1764140023000-rollover-helpers';

/** Explicit list, in order: globs break when bundled. Each migration has an explicit name. */
export const migrations = [
  Initial1764140000000, SeedDefaults1764140000001, RolloverRecord1764140004000, AuditAppendOnly1764140006000, Suggestions1764140007000,
  Plan1764140007001, DigitalResources1764140008000, Opac1764140009000, TitleSortKey1764140010000, OpacGuard1764140011300,
  InLibraryUse1764140011400, UnionFeed1764140013100, Accounts1764140020000,
  Reservations1764140022000, ReaderHomeroom1764140022500, RolloverHelpers1764140023000,
];
