import type { catalogueContract } from '../../../shared/contract/catalogue';
import { importFieldNames } from '../../../shared/contract/catalogue';
import { classifications } from '../../db/queries/catalogue';
import type { HandlersFor } from '../handler-types';
import { exportCatalogue } from './export';
import { IMPORT_FIELDS, importCatalogueFile } from './import';
import { exportMarc } from './marc-export';
import { importMarcFile } from './marc-import';
import { searchTitles } from './search';
import { fieldsFromInput, findByIsbn, findDuplicates, importClassifications, saveTitle, titleDetail, updateCopy, uploadedContent } from './titles';

export const catalogueHandlers: HandlersFor<typeof catalogueContract> = {
  'catalogue.search': async (input, ctx) => searchTitles(ctx.sql, input),
  'catalogue.getTitle': async ({ id }, ctx) => titleDetail(ctx.sql, id),
  'catalogue.findDuplicates': async (input, ctx) => {
    const f = fieldsFromInput({ ...input, seriesId: 1, subtitle: '', publisher: '', placeOfPublication: '', edition: '', pages: null, sizeCm: null,
      coverPrice: null, language: 'vi', classification: '', authorMark: '', keywords: '', summary: '', gradeLevel: null, subject: '', allowDuplicate: false });
    if (!f.title && !f.isbn) return [];
    return findDuplicates(ctx.sql, { ...f, excludeId: input.id });
  },
  'catalogue.saveTitle': async (input, ctx) => saveTitle(ctx, input),
  'catalogue.findByIsbn': async ({ isbn }, ctx) => findByIsbn(ctx.sql, isbn),
  'catalogue.updateCopy': async (input, ctx) => updateCopy(ctx, input),
  'catalogue.listClassifications': async (_input, ctx) => classifications(ctx.sql),
  'catalogue.importClassifications': async ({ file, scheme }, ctx) => ({ count: await importClassifications(ctx, uploadedContent(file), scheme) }),

  'catalogue.import': async (input, ctx) => {
    const f = uploadedContent(input.file);
    const r = await importCatalogueFile(ctx, f.fileName, {
      content: f.content, mapping: input.mapping, date: input.date, defaultSeries: input.defaultSeries, dryRun: input.dryRun, jobId: input.jobId,
    });
    return { ...r, fields: importFieldNames.map((key) => ({ key, label: IMPORT_FIELDS[key].label })) };
  },
  'catalogue.export': async ({ output }, ctx) => exportCatalogue(ctx, output),
  'catalogue.exportMarc': async ({ format, output }, ctx) => exportMarc(ctx, output, format),
  'catalogue.importMarc': async ({ file, dryRun, defaultSeries, date }, ctx) => {
    const f = uploadedContent(file);
    return importMarcFile(ctx, f.fileName, { content: f.content, dryRun, defaultSeries, date });
  },
};
