import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccessionBatch } from './accession-batch';
import { Title } from './title';

/**
 * Kế hoạch mua sắm, bổ sung sách: one version of a school year's plan. An approved version is frozen;
 * a change makes the next version (nháp), the older ones kept as they were.
 */
@Entity({ name: 'plan' })
@Index('ux_plan_year_version', ['schoolYear', 'version'], { unique: true })
export class Plan {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text', name: 'school_year' })
  schoolYear: string;

  @Column({ type: 'integer', default: 1 })
  version: number;

  /** draft | submitted | approved | executing */
  @Column({ type: 'text', default: 'draft' })
  status: string;

  /** Hạn mức kinh phí in đồng, null when none was set. */
  @Column({ type: 'integer', name: 'budget_cap', nullable: true })
  budgetCap: number | null;

  /** The purpose paragraph of the print (editable). */
  @Column({ type: 'text', default: '' })
  purpose: string;

  @Column({ type: 'text', name: 'approval_date', nullable: true })
  approvalDate: string | null;

  @Column({ type: 'text', name: 'approval_number', default: '' })
  approvalNumber: string;

  /** Who recorded the approval: the account (issue 20) and its name and role as printed under the signature. */
  @Column({ type: 'integer', name: 'approved_by', nullable: true })
  approvedBy: number | null;

  @Column({ type: 'text', name: 'approved_by_name', default: '' })
  approvedByName: string;

  @Column({ type: 'datetime', name: 'created_at' })
  createdAt: string;
}

/** A line of a plan: a title (from the catalogue or still to catalogue), how many, at what price, why. */
@Entity({ name: 'plan_line' })
export class PlanLine {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('ix_plan_line_plan')
  @Column({ type: 'integer', name: 'plan_id' })
  planId: number;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: Plan;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'integer', name: 'title_id', nullable: true })
  titleId: number | null;

  @ManyToOne(() => Title, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'title_id' })
  titleRef?: Title;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  authors: string;

  @Column({ type: 'text', default: '' })
  publisher: string;

  @Column({ type: 'integer', name: 'publication_year', nullable: true })
  publicationYear: number | null;

  @Column({ type: 'text', default: '' })
  isbn: string;

  @Column({ type: 'text', name: 'series_code', default: '' })
  seriesCode: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer', name: 'unit_price', default: 0 })
  unitPrice: number;

  /** replace | tt16 | suggestion | sgk | other */
  @Column({ type: 'text', default: 'other' })
  reason: string;

  /** high | normal | low */
  @Column({ type: 'text', default: 'normal' })
  priority: string;

  @Column({ type: 'text', default: '' })
  funding: string;

  @Column({ type: 'text', default: '' })
  supplier: string;

  @Column({ type: 'text', default: '' })
  note: string;

  /** The đề xuất this line came from, if any. */
  @Column({ type: 'integer', name: 'suggestion_id', nullable: true })
  suggestionId: number | null;
}

/** A phiếu nhập's copies of one title counted against a plan line (thực hiện kế hoạch). */
@Entity({ name: 'plan_receipt' })
@Index('ux_plan_receipt', ['planLineId', 'batchId', 'titleId'], { unique: true })
export class PlanReceipt {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer', name: 'plan_line_id' })
  planLineId: number;

  @ManyToOne(() => PlanLine, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_line_id' })
  planLine?: PlanLine;

  @Index('ix_plan_receipt_batch')
  @Column({ type: 'integer', name: 'batch_id' })
  batchId: number;

  @ManyToOne(() => AccessionBatch, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'batch_id' })
  batch?: AccessionBatch;

  @Column({ type: 'integer', name: 'title_id' })
  titleId: number;
}
