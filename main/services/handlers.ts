import type { Contract } from '../../shared/contract';
import type { HandlersFor } from './handler-types';
import { settingsHandlers } from './settings/handlers';
import { statsHandlers } from './stats/handlers';
import { registersHandlers } from './registers/handlers';
import { reportsHandlers } from './reports/handlers';
import { selfcheckHandlers } from './selfcheck/handlers';
import { activitiesHandlers } from './activities/handlers';
import { catalogueHandlers } from './catalogue/handlers';
import { accessionHandlers } from './accession/handlers';
import { withdrawalHandlers } from './withdrawal/handlers';
import { labelsHandlers } from './labels/handlers';
import { readersHandlers } from './readers/handlers';
import { circulationHandlers } from './circulation/handlers';
import { loanRulesHandlers } from './loan-rules/handlers';
import { filesHandlers } from './files/handlers';
import { stocktakeHandlers } from './stocktake/handlers';
import { periodicalsHandlers } from './periodicals/handlers';
import { jobsHandlers } from './jobs/handlers';
import { auditHandlers } from './audit/handlers';
import { archiveHandlers } from './archive/handlers';
import { suggestionsHandlers } from './suggestions/handlers';
import { digitalHandlers } from './digital/handlers';
import { planHandlers } from './plan/handlers';
import { backupHandlers } from './backup/handlers';
import { opacHandlers } from './opac/handlers';
import { sessionHandlers } from './session/handlers';
import { accountsHandlers } from './accounts/handlers';
import { unionHandlers } from './union/handlers';
import { reservationsHandlers } from './reservations/handlers';

/** Every contract method's handler. The type makes a missing one a compile error. */
export const handlers: HandlersFor<Contract> = {
  ...settingsHandlers,
  ...statsHandlers,
  ...registersHandlers,
  ...reportsHandlers,
  ...selfcheckHandlers,
  ...activitiesHandlers,
  ...catalogueHandlers,
  ...accessionHandlers,
  ...withdrawalHandlers,
  ...labelsHandlers,
  ...readersHandlers,
  ...circulationHandlers,
  ...loanRulesHandlers,
  ...filesHandlers,
  ...stocktakeHandlers,
  ...periodicalsHandlers,
  ...jobsHandlers,
  ...auditHandlers,
  ...archiveHandlers,
  ...suggestionsHandlers,
  ...digitalHandlers,
  ...planHandlers,
  ...backupHandlers,
  ...opacHandlers,
  ...sessionHandlers,
  ...accountsHandlers,
  ...unionHandlers,
  ...reservationsHandlers,
};
