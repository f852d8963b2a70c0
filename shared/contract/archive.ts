import { z } from 'zod';
import { fileResult, jobId, method } from './define';

export const archiveContract = {
  /**
   * Xuất toàn bộ dữ liệu: every table as a CSV (UTF-8 with BOM) in one .zip with a README of the
   * columns, into the exports folder (TT 16: a school that leaves takes everything with it).
   */
  'archive.exportAll': method(
    z.object({ jobId }),
    fileResult.extend({ tables: z.number().int(), rows: z.number().int() }),
  ),
};
