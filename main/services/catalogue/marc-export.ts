import fs from 'node:fs';
import path from 'node:path';
import type { FileResult } from '../../../shared/contract/define';
import { todayIso } from '../../../shared/dates';
import { marcCopyRows, marcTitleRows, type MarcCopyRow } from '../../db/queries/catalogue-marc';
import { transaction } from '../../db/sql';
import { exportsDirIn } from '../../paths';
import type { ServiceContext } from '../context';
import { schoolAndSettings } from '../settings/school';
import { MARCXML_HEAD, MARCXML_TAIL, marcFormatOf, toIso2709, toMarcxml, type MarcFormat } from './marc-codec';
import { titleRecord } from './marc-fields';

export interface MarcExportResult extends FileResult { records: number; holdings: number; format: MarcFormat }

/**
 * Writes the catalogue as MARC 21: one record per title, one 852 per copy not withdrawn. ISO 2709 for
 * `.mrc`, MARCXML for `.xml` (`format` names it when no file is given: the exports folder). Read in one
 * read transaction (one consistent moment), written beside and renamed.
 */
export async function exportMarc(ctx: ServiceContext, output?: string, format: MarcFormat = 'iso2709'): Promise<MarcExportResult> {
  const file = output ? path.resolve(output)
    : path.join(exportsDirIn(ctx.dataDir), `danh-muc-marc21-${todayIso(ctx.now())}.${format === 'marcxml' ? 'xml' : 'mrc'}`);
  const kind = marcFormatOf(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sql = ctx.sql;
  const temp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w');
  let records = 0;
  let holdings = 0;
  try {
    transaction(sql, () => {
      const school = schoolAndSettings(sql, []).school.schoolName;
      const copies = marcCopyRows(sql);
      let i = 0;
      if (kind === 'marcxml') fs.writeSync(fd, MARCXML_HEAD);
      for (const t of marcTitleRows(sql)) {
        const held: MarcCopyRow[] = [];
        // Both lists are in title order: walk them together instead of a query per title.
        while (i < copies.length && copies[i].titleId < t.id) i++;
        while (i < copies.length && copies[i].titleId === t.id) held.push(copies[i++]);
        const record = titleRecord(t, held, school);
        if (kind === 'marcxml') fs.writeSync(fd, toMarcxml(record));
        else fs.writeSync(fd, toIso2709(record));
        records++;
        holdings += held.length;
      }
      if (kind === 'marcxml') fs.writeSync(fd, MARCXML_TAIL);
    }, { readOnly: true });
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, file);
  return { fileName: path.basename(file), path: file, bytes: fs.statSync(file).size, records, holdings, format: kind };
}
