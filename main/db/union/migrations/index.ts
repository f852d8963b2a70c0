import { UnionInitial1765100000000 } from './1765100000000-union-initial';
import { UnionWordIndex1765100001000 } from './1765100001000-union-word-index';
import { UnionWorks1765100002000 } from './1765100002000-union-works';
import { UnionWorkKeys1765100003000 } from './1765100003000-union-work-keys';
import { UnionHoldingsIndex1765100004000 } from './1765100004000-union-holdings-index';

/** The union catalogue's migrations, in order (PostgreSQL only). Frozen once landed: a change is a new one. */
export const unionMigrations = [UnionInitial1765100000000, UnionWordIndex1765100001000, UnionWorks1765100002000, UnionWorkKeys1765100003000,
  UnionHoldingsIndex1765100004000];
