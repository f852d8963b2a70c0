import type { catalogueContract } from '../../../shared/contract/catalogue';
import { importFieldNames } from '../../../shared/contract/catalogue';
import { rawConnection } from '../../db/data-source';
import type { HandlersFor } from '../handler-types';
import { findDuplicatesSync } from './core';
import { exportCatalogue } from './export';
import { IMPORT_FIELDS, importCatalogueFile } from './import';
import { searchTitles } from './search';
import { fieldsFromInput, findByIsbnSync, importClassifications, saveTitle, titleDetail, updateCopy, uploadedContent } from './titles';

export const catalogueHandlers: HandlersFor<typeof catalogueContract> = {
  'catalogue.search': async (input, ctx) => searchTitles(rawConnection(ctx.db), input),
  'catalogue.getTitle': async ({ id }, ctx) => titleDetail(rawConnection(ctx.db), id),
  'catalogue.findDuplicates': async (input, ctx) => {
    const f = fieldsFromInput({ ...input, seriesId: 1, subtitle: '', publisher: '', placeOfPublication: '', edition: '', pages: null, sizeCm: null,
      coverPrice: null, language: 'vi', classification: '', authorMark: '', keywords: '', summary: '', gradeLevel: null, subject: '', allowDuplicate: false });
    if (!f.title && !f.isbn) return [];
    return findDuplicatesSync(rawConnection(ctx.db), { ...f, excludeId: input.id });
  },
  'catalogue.saveTitle': async (input, ctx) => saveTitle(ctx, input),
  'catalogue.findByIsbn': async ({ isbn }, ctx) => findByIsbnSync(rawConnection(ctx.db), isbn),
  'catalogue.updateCopy': async (input, ctx) => updateCopy(ctx, input),
  'catalogue.listClassifications': async (_input, ctx) =>
    rawConnection(ctx.db).prepare('SELECT id, scheme, code, label FROM classification ORDER BY scheme, code').all() as
      { id: number; scheme: string; code: string; label: string }[],
  'catalogue.importClassifications': async ({ file, scheme }, ctx) => ({ count: await importClassifications(ctx, uploadedContent(file), scheme) }),

  'catalogue.import': async (input, ctx) => {
    const f = uploadedContent(input.file);
    const r = await importCatalogueFile(ctx, f.fileName, {
      content: f.content, mapping: input.mapping, date: input.date, defaultSeries: input.defaultSeries, dryRun: input.dryRun, jobId: input.jobId,
    });
    return { ...r, fields: importFieldNames.map((key) => ({ key, label: IMPORT_FIELDS[key].label })) };
  },
  'catalogue.export': async ({ output }, ctx) => exportCatalogue(ctx, output),
};
