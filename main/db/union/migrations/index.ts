import { UnionInitial1765100000000 } from './1765100000000-union-initial';

/** The union catalogue's migrations, in order (PostgreSQL only). */
export const unionMigrations = [UnionInitial1765100000000];
