import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../../../tests/digital-samples';
import { openOpacReader } from './listener';
import { NO_FILES, opacFileAccess, opacHome, opacSearch, opacTitleDetail } from './search';
import { addDigitalFile } from '../digital/resources';
import type { Sql } from '../../db/sql';
import { tempContext, type TestContext } from '../../test-utils';

/** The Thư viện số on the OPAC: which files a guest and a signed-in teacher see listed, read on the OPAC's own connection. */
let ctx: TestContext;
let read: Sql;
let titleId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  ctx = await tempContext({ now: new Date('2026-11-30T09:00:00+07:00') });
  titleId = (await ctx.call('catalogue.saveTitle', { title: 'Dế Mèn phiêu lưu ký', authors: ['Tô Hoài'], seriesId: 3 } as never)).id;
  for (const access of ['public', 'staff', 'library'] as const) {
    const file = path.join(ctx.dataDir, `de-men-${access}.pdf`);
    fs.writeFileSync(file, samplePdf(`De Men ${access}`));
    ids[access] = (await addDigitalFile(ctx, { titleId, source: { path: file }, name: access, subject: '', grade: null, access, note: '' })).id;
  }
  read = openOpacReader(ctx);
}, 60_000);

afterAll(async () => {
  read?.close();
  await ctx?.cleanup();
});

const listed = (files: { url: string }[]) => files.map((f) => f.url).sort();

describe('OPAC file listing by access level', () => {
  it('a guest sees "Mọi người" files, a teacher also "Giáo viên", nobody "Tại thư viện"; none without the Thư viện số', () => {
    expect(listed(opacTitleDetail(read, titleId, opacFileAccess(false))!.files)).toEqual([`/files/${ids.public}`]);
    expect(listed(opacTitleDetail(read, titleId, opacFileAccess(true))!.files)).toEqual([`/files/${ids.public}`, `/files/${ids.staff}`].sort());
    expect(opacTitleDetail(read, titleId, NO_FILES)!.files).toEqual([]);
    const hit = opacSearch(read, { q: 'de men' }, opacFileAccess(true)).results.find((h) => h.id === titleId)!;
    expect(listed(hit.files)).toEqual([`/files/${ids.public}`, `/files/${ids.staff}`].sort());
    expect(opacSearch(read, { q: 'de men' }, opacFileAccess(false)).results.find((h) => h.id === titleId)!.files.map((f) => f.type)).toEqual(['application/pdf']);
    expect(opacHome(read, ctx.now(), NO_FILES).newArrivals.every((h) => h.files.length === 0)).toBe(true);
  });

  it('the OPAC reads on a read-only connection', () => {
    expect(read.readonly).toBe(true);
    expect(() => read.prepare("INSERT INTO setting (key, value, updated_at) VALUES ('x', '1', '2026-01-01')").run()).toThrow(/readonly/i);
  });
});
