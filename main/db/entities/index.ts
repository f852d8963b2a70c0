import { AccessionBatch } from './accession-batch';
import { Account, SelfcheckApproval } from './account';
import { AccessionBatchLine } from './accession-batch-line';
import { AuditLog } from './audit-log';
import { Classification } from './classification';
import { Copy } from './copy';
import { InLibraryUse } from './in-library-use';
import { Loan } from './loan';
import { OpacSearchDay, ReaderPin } from './opac';
import { LoanPolicy } from './loan-policy';
import { Periodical, PeriodicalIssue } from './periodical';
import { Plan, PlanLine, PlanReceipt } from './plan';
import { Reader } from './reader';
import { Reservation } from './reservation';
import { ReadingActivity } from './reading-activity';
import { Rollover } from './rollover';
import { CollectionSeries } from './series';
import { DigitalResource, DigitalView } from './digital-resource';
import { Setting } from './setting';
import { Stocktake, StocktakeItem } from './stocktake';
import { Suggestion } from './suggestion';
import { Title } from './title';
import { UnionFeed } from './union-feed';
import { Visit } from './visit';
import { Withdrawal } from './withdrawal';
import { WithdrawalItem } from './withdrawal-item';

export {
  AccessionBatch, AccessionBatchLine, AuditLog, Classification, Copy, Loan, LoanPolicy, Periodical,
  PeriodicalIssue, Plan, PlanLine, PlanReceipt, Reader, ReadingActivity, Rollover, CollectionSeries, Setting, Stocktake, StocktakeItem, Suggestion, Title,
  Visit, Withdrawal, WithdrawalItem, DigitalResource, DigitalView, ReaderPin, OpacSearchDay, InLibraryUse, UnionFeed, Account, SelfcheckApproval,
  Reservation,
};

/** Explicit list: globs break when bundled. */
export const entities = [
  Setting, CollectionSeries, Classification, Title, AccessionBatch, AccessionBatchLine, Withdrawal,
  Copy, WithdrawalItem, Reader, LoanPolicy, Loan, Visit, Stocktake, StocktakeItem, ReadingActivity,
  Periodical, PeriodicalIssue, AuditLog, Rollover, Suggestion, DigitalResource, DigitalView, Plan, PlanLine, PlanReceipt, ReaderPin, OpacSearchDay, InLibraryUse, UnionFeed, Account, SelfcheckApproval,
  Reservation,
];
