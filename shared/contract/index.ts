import type { z } from 'zod';
import type { MethodSpec } from './define';
import { settingsContract } from './settings';
import { statsContract } from './stats';
import { registersContract } from './registers';
import { reportsContract } from './reports';
import { selfcheckContract } from './selfcheck';
import { activitiesContract } from './activities';
import { catalogueContract } from './catalogue';
import { accessionContract } from './accession';
import { withdrawalContract } from './withdrawal';
import { labelsContract } from './labels';
import { readersContract } from './readers';
import { circulationContract } from './circulation';
import { loanRulesContract } from './loan-rules';
import { filesContract } from './files';
import { stocktakeContract } from './stocktake';
import { periodicalsContract } from './periodicals';
import { jobsContract } from './jobs';
import { auditContract } from './audit';
import { archiveContract } from './archive';
import { suggestionsContract } from './suggestions';
import { digitalContract } from './digital';
import { planContract } from './plan';
import { backupContract } from './backup';
import { opacContract } from './opac';
import { sessionContract } from './session';
import { accountsContract } from './accounts';
import { unionContract } from './union';
import { reservationsContract } from './reservations';

/**
 * The one contract between renderer and main. Each domain adds its own map in its own file;
 * method names read `domain.verb`.
 */
export const contract = {
  ...settingsContract,
  ...statsContract,
  ...registersContract,
  ...reportsContract,
  ...selfcheckContract,
  ...activitiesContract,
  ...catalogueContract,
  ...accessionContract,
  ...withdrawalContract,
  ...labelsContract,
  ...readersContract,
  ...circulationContract,
  ...loanRulesContract,
  ...filesContract,
  ...stocktakeContract,
  ...periodicalsContract,
  ...jobsContract,
  ...auditContract,
  ...archiveContract,
  ...suggestionsContract,
  ...digitalContract,
  ...planContract,
  ...backupContract,
  ...opacContract,
  ...sessionContract,
  ...accountsContract,
  ...unionContract,
  ...reservationsContract,
} satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './define';
export * from './events';
export * from './settings';
export * from './stats';
export * from './catalogue';
export * from './accession';
export * from './withdrawal';
export * from './readers';
export * from './circulation';
export * from './loan-rules';
export * from './labels';
export * from './registers';
export * from './reports';
export * from './selfcheck';
export * from './activities';
export * from './files';
export * from './stocktake';
export * from './periodicals';
export * from './jobs';
export * from './audit';
export * from './archive';
export * from './suggestions';
export * from './digital';
export * from './plan';
export * from './backup';
export * from './opac';
export * from './session';
export * from './accounts';
export * from './union';
export * from './reservations';
