import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataVersion } from '../../db/queries/opac';
import { putSettingValue } from '../../db/queries/settings';
import { tempContext, type TestContext } from '../../test-utils';
import { OpacResultCache } from './cache';

let ctx: TestContext;
let read: Database.Database;

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  read = new Database(ctx.databaseFile, { readonly: true });
});

afterAll(async () => {
  read?.close();
  await ctx?.cleanup();
});

describe('OPAC result cache', () => {
  it('answers from memory while the database is unchanged and recomputes after any other connection commits', () => {
    const cache = new OpacResultCache<string>(() => dataVersion(read));
    let computed = 0;
    const answer = () => cache.get('q', () => `answer ${++computed}`);
    expect(answer()).toBe('answer 1');
    expect(answer()).toBe('answer 1');
    expect(cache.hits).toBe(1);
    // A commit on the desk's connection (not the read-only one): the next answer is computed again.
    putSettingValue(ctx.sql, 'opac-cache-test', '"x"', ctx.now());
    expect(answer()).toBe('answer 2');
    expect(answer()).toBe('answer 2');
    expect(computed).toBe(2);
  });

  it('keeps at most maxEntries answers, dropping the least recently used', () => {
    const cache = new OpacResultCache<number>(() => dataVersion(read), 2);
    let computed = 0;
    const get = (k: string) => cache.get(k, () => ++computed);
    get('a'); get('b'); get('a'); get('c'); // b is the least recently used
    expect(cache.size).toBe(2);
    expect(get('a')).toBe(1);
    expect(get('b')).toBe(4); // recomputed
    expect(computed).toBe(4);
  });
});
