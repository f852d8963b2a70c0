import type { MethodName } from './index';

/**
 * Which contract methods change the library's data, and so must write an audit row (the house rule
 * "every data change an audit row saying who"). `main/services/audit/coverage.test.ts` calls every
 * method this file says changes data and fails when one writes no row, so a new method cannot slip by:
 *
 * - a method is **read-only** when its verb (after the dot) starts with a reading verb (`get`, `list`,
 *   `search`, `find`, `lookup`, `preview`, `print`, `export`) or ends in `Pdf`, or is named in
 *   `READ_ONLY` below (verbs that are nouns: `readers.classes`, `plan.needs`, …);
 * - every other method **changes data**, whatever it is called — so a new one must either be audited
 *   (and given a scenario in the coverage test) or be declared here, with its reason;
 * - `WRITES_DESPITE_NAME` takes back the few whose reading name hides a write;
 * - `UNAUDITED` lists the changes that write no audit row, each with the reason.
 */
const READING_VERB = /^(get|list|search|find|lookup|preview|print|export)|Pdf$/;

/** Read-only methods whose verb is a noun; each changes nothing in the database. */
export const READ_ONLY: readonly MethodName[] = [
  'settings.appInfo', 'stats.summary', 'registers.options', 'reports.statistics', 'catalogue.listClassifications',
  'withdrawal.resolveCopies', 'withdrawal.lostCopies', 'labels.selectCopies', 'labels.cardClasses',
  'readers.photo', 'readers.rolloverPreview', 'readers.classes', 'readers.departments', 'readers.lastRollover', 'readers.pinStatus',
  'circulation.panel', 'circulation.overdue', 'circulation.classSetTitles', 'circulation.classSets',
  'circulation.history', 'loanRules.holidays', 'files.open', 'files.saveAs', 'stocktake.progress', 'stocktake.report',
  'periodicals.issues', 'digital.settings', 'plan.needs', 'plan.forecast', 'backup.status', 'backup.checkUpload', 'opac.status', 'opac.searchCounts',
  'session.current', 'accounts.settings', 'stats.staffActivity', 'audit.people', 'reservations.toPull',
];

/** Reading names that write: printing labels marks the copies labelled (unless told not to). */
export const WRITES_DESPITE_NAME: readonly MethodName[] = ['labels.print', 'labels.printBatch'];

/** Changes that write no audit row, and why. */
export const UNAUDITED: Partial<Record<MethodName, string>> = {
  'circulation.scan': 'a lending or returning scan is logged as circulation.checkout/return are (who lent, who took back); a visit or an in-library use is a row of its own (time, copy or reader); a card scan only opens the reader',
  'circulation.renew': 'the loan row records the new due date and the renewal count; a renewal past the rules is logged',
  'circulation.visit': 'the visit row is its own record (time, reader or head count)',
  'stocktake.scan': 'the scan row is its own record (stocktake, copy, time); starting and closing a stocktake are logged',
  'digital.recordView': 'view counting (TT 16 figures), no change to the library',
  'digital.uploadBegin': 'a temporary file in uploads/, no database row; digital.add is logged',
  'digital.uploadChunk': 'a temporary file in uploads/, no database row; digital.add is logged',
  'jobs.cancel': 'stops a running job; changes no data',
  'backup.uploadBegin': 'a temporary file for a backup chosen on a USB stick, no database row',
  'backup.uploadChunk': 'a temporary file for a backup chosen on a USB stick, no database row',
  'backup.run': 'writes a verified copy and backups/manifest.json, not the database; listed under Sao lưu',
  'session.signIn': 'a sign-in changes no library data; the account row keeps its last sign-in time (and wrong tries)',
  'session.signInWithPassword': 'a sign-in changes no library data; the account row keeps its last sign-in time (and wrong tries)',
  'session.signOut': 'ends an in-memory session; changes no data',
  'backup.saveSettings': "this machine's backup settings live in backups/manifest.json, not in the database (a restore must not undo them)",
};

const readOnly = new Set<string>(READ_ONLY);
const writesDespiteName = new Set<string>(WRITES_DESPITE_NAME);

/** True when the method may change the library's data (see above). */
export function changesData(name: string): boolean {
  if (writesDespiteName.has(name)) return true;
  const verb = name.slice(name.indexOf('.') + 1);
  return !(readOnly.has(name) || READING_VERB.test(verb));
}

/** True when each call that changes data must write an audit row. */
export function mustAudit(name: MethodName): boolean {
  return changesData(name) && !(name in UNAUDITED);
}
