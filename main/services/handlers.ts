import type { Contract } from '../../shared/contract';
import type { HandlersFor } from './handler-types';
import { settingsHandlers } from './settings';
import { statsHandlers } from './stats';
import { registersHandlers } from './registers';
import { reportsHandlers } from './reports';
import { activitiesHandlers } from './activities';
import { catalogueHandlers } from './catalogue';
import { labelsHandlers } from './labels/handlers';
import { readersHandlers } from './readers/handlers';
import { circulationHandlers } from './circulation/handlers';
import { filesHandlers } from './files';
import { stocktakeHandlers } from './stocktake/handlers';
import { periodicalsHandlers } from './periodicals';

/** Every contract method's handler. The type makes a missing one a compile error. */
export const handlers: HandlersFor<Contract> = {
  ...settingsHandlers,
  ...statsHandlers,
  ...registersHandlers,
  ...reportsHandlers,
  ...activitiesHandlers,
  ...catalogueHandlers,
  ...labelsHandlers,
  ...readersHandlers,
  ...circulationHandlers,
  ...filesHandlers,
  ...stocktakeHandlers,
  ...periodicalsHandlers,
};
