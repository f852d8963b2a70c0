import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764140000000 implements MigrationInterface {
  name = 'Initial1764140000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of UP) await q.query(sql);
  }

  public async down(_q: QueryRunner): Promise<void> {
    throw new Error(`Migration ${this.name} cannot be undone: registers are legal records.`);
  }
}

/** Generated from the entities with scripts/print-schema.ts, then frozen. */
const UP: string[] = [
  "CREATE TABLE \"setting\" (\"key\" text PRIMARY KEY NOT NULL, \"value\" text NOT NULL, \"updated_at\" datetime NOT NULL)",
  "CREATE TABLE \"collection_series\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"code\" text NOT NULL, \"name\" text NOT NULL, \"prefix\" text NOT NULL, \"separator\" text NOT NULL DEFAULT (''), \"padding\" integer NOT NULL DEFAULT (6), \"next_number\" integer NOT NULL DEFAULT (1), \"register_group\" text NOT NULL DEFAULT ('KHAC'), \"material\" text NOT NULL DEFAULT ('sach'), \"sort_order\" integer NOT NULL DEFAULT (0), \"active\" boolean NOT NULL DEFAULT (1))",
  "CREATE TABLE \"classification\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"scheme\" text NOT NULL DEFAULT ('DDC'), \"code\" text NOT NULL, \"label\" text NOT NULL)",
  "CREATE TABLE \"title\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title\" text NOT NULL, \"subtitle\" text NOT NULL DEFAULT (''), \"volume\" text NOT NULL DEFAULT (''), \"authors\" text NOT NULL DEFAULT (''), \"publisher\" text NOT NULL DEFAULT (''), \"place_of_publication\" text NOT NULL DEFAULT (''), \"publication_year\" integer, \"edition\" text NOT NULL DEFAULT (''), \"pages\" integer, \"size_cm\" real, \"cover_price\" integer, \"isbn\" text, \"language\" text NOT NULL DEFAULT ('vi'), \"series_id\" integer NOT NULL, \"classification\" text NOT NULL DEFAULT (''), \"author_mark\" text NOT NULL DEFAULT (''), \"keywords\" text NOT NULL DEFAULT (''), \"summary\" text NOT NULL DEFAULT (''), \"grade_level\" integer, \"subject\" text NOT NULL DEFAULT (''), \"dedupe_key\" text NOT NULL DEFAULT (''), \"created_at\" datetime NOT NULL, \"updated_at\" datetime NOT NULL, CONSTRAINT \"FK_e1dbdecc13ebc035025720c66ca\" FOREIGN KEY (\"series_id\") REFERENCES \"collection_series\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"accession_batch\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"status\" text NOT NULL DEFAULT ('draft'), \"register_number\" integer, \"date\" text NOT NULL, \"source\" text NOT NULL, \"voucher_number\" text NOT NULL DEFAULT (''), \"supplier\" text NOT NULL DEFAULT (''), \"note\" text NOT NULL DEFAULT (''), \"total_copies\" integer NOT NULL DEFAULT (0), \"total_value\" integer NOT NULL DEFAULT (0), \"created_at\" datetime NOT NULL, \"confirmed_at\" datetime)",
  "CREATE TABLE \"accession_batch_line\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"batch_id\" integer NOT NULL, \"title_id\" integer NOT NULL, \"quantity\" integer NOT NULL, \"unit_price\" integer NOT NULL DEFAULT (0), \"acquisition_mode\" text NOT NULL DEFAULT ('purchase'), \"existing_codes\" text, CONSTRAINT \"FK_d89b0ac44d09ae3fe5394f4c8fb\" FOREIGN KEY (\"batch_id\") REFERENCES \"accession_batch\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_3b692c3c114eae00346836b0ee6\" FOREIGN KEY (\"title_id\") REFERENCES \"title\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"withdrawal\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"status\" text NOT NULL DEFAULT ('draft'), \"number\" text NOT NULL, \"date\" text NOT NULL, \"approval_date\" text, \"members\" text NOT NULL DEFAULT (''), \"decision_number\" text NOT NULL DEFAULT (''), \"note\" text NOT NULL DEFAULT (''), \"created_at\" datetime NOT NULL, \"confirmed_at\" datetime)",
  "CREATE TABLE \"copy\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"title_id\" integer NOT NULL, \"series_id\" integer NOT NULL, \"accession_number\" integer NOT NULL, \"accession_code\" text NOT NULL, \"barcode\" text NOT NULL, \"status\" text NOT NULL DEFAULT ('available'), \"location\" text NOT NULL DEFAULT (''), \"price\" integer NOT NULL DEFAULT (0), \"acquisition_mode\" text NOT NULL DEFAULT ('purchase'), \"batch_id\" integer NOT NULL, \"withdrawal_id\" integer, \"note\" text NOT NULL DEFAULT (''), \"label_printed_at\" datetime, \"created_at\" datetime NOT NULL, CONSTRAINT \"FK_28308fe50706ab64bf426618318\" FOREIGN KEY (\"title_id\") REFERENCES \"title\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_f0451b7bf2397160afdc0049f10\" FOREIGN KEY (\"series_id\") REFERENCES \"collection_series\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_3d9a772ff3d07d3a9d6d78b0e2b\" FOREIGN KEY (\"batch_id\") REFERENCES \"accession_batch\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_c4925b74be3ae13de7cba737250\" FOREIGN KEY (\"withdrawal_id\") REFERENCES \"withdrawal\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"withdrawal_item\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"withdrawal_id\" integer NOT NULL, \"copy_id\" integer NOT NULL, \"reason\" text NOT NULL, \"reason_note\" text NOT NULL DEFAULT (''), \"price\" integer NOT NULL DEFAULT (0), CONSTRAINT \"FK_77df210051f4fe9e90cc0fc0adb\" FOREIGN KEY (\"withdrawal_id\") REFERENCES \"withdrawal\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_4484625942940649010737dd64c\" FOREIGN KEY (\"copy_id\") REFERENCES \"copy\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"reader\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"kind\" text NOT NULL, \"code\" text NOT NULL, \"card_number\" text NOT NULL, \"full_name\" text NOT NULL, \"search_text\" text NOT NULL DEFAULT (''), \"birth_date\" text, \"sex\" text NOT NULL DEFAULT (''), \"class_name\" text NOT NULL DEFAULT (''), \"grade\" integer, \"department\" text NOT NULL DEFAULT (''), \"position\" text NOT NULL DEFAULT (''), \"subject\" text NOT NULL DEFAULT (''), \"phone\" text NOT NULL DEFAULT (''), \"school_year\" text NOT NULL DEFAULT (''), \"first_school_year\" text NOT NULL DEFAULT (''), \"active\" boolean NOT NULL DEFAULT (1), \"photo\" text, \"card_issued_at\" datetime, \"created_at\" datetime NOT NULL, \"updated_at\" datetime NOT NULL)",
  "CREATE TABLE \"loan_policy\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"reader_kind\" text NOT NULL, \"series_code\" text NOT NULL, \"max_items\" integer NOT NULL, \"loan_days\" integer NOT NULL, \"max_renewals\" integer NOT NULL DEFAULT (1), \"in_library_only\" boolean NOT NULL DEFAULT (0), \"until_year_end\" boolean NOT NULL DEFAULT (0))",
  "CREATE TABLE \"loan\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"copy_id\" integer NOT NULL, \"reader_id\" integer NOT NULL, \"kind\" text NOT NULL DEFAULT ('short'), \"checkout_at\" datetime NOT NULL, \"due_at\" text NOT NULL, \"returned_at\" datetime, \"renewals\" integer NOT NULL DEFAULT (0), \"class_set\" text, \"override_reason\" text, \"lost_at\" datetime, \"compensation\" text, \"compensation_amount\" integer, \"note\" text NOT NULL DEFAULT (''), CONSTRAINT \"FK_160686b997515629863207c6d90\" FOREIGN KEY (\"copy_id\") REFERENCES \"copy\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT \"FK_d67b80287aa9b40d8f8ec52fc11\" FOREIGN KEY (\"reader_id\") REFERENCES \"reader\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"visit\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"reader_id\" integer, \"visited_at\" datetime NOT NULL, \"headcount\" integer NOT NULL DEFAULT (1), \"purpose\" text NOT NULL DEFAULT ('read'), \"note\" text NOT NULL DEFAULT (''), CONSTRAINT \"FK_a9c8da6010f889bffe551fc01d1\" FOREIGN KEY (\"reader_id\") REFERENCES \"reader\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"stocktake\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" text NOT NULL, \"school_year\" text NOT NULL, \"scope\" text NOT NULL DEFAULT (''), \"status\" text NOT NULL DEFAULT ('open'), \"started_at\" datetime NOT NULL, \"closed_at\" datetime, \"members\" text NOT NULL DEFAULT (''), \"note\" text NOT NULL DEFAULT (''))",
  "CREATE TABLE \"stocktake_item\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"stocktake_id\" integer NOT NULL, \"copy_id\" integer, \"scanned_code\" text NOT NULL DEFAULT (''), \"result\" text NOT NULL, \"condition\" text NOT NULL DEFAULT (''), \"scanned_at\" datetime, CONSTRAINT \"FK_f5927914b9a81385bdd06a98193\" FOREIGN KEY (\"stocktake_id\") REFERENCES \"stocktake\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT \"FK_7db025e201fd707c5b6f30c303d\" FOREIGN KEY (\"copy_id\") REFERENCES \"copy\" (\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION)",
  "CREATE TABLE \"reading_activity\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"date\" text NOT NULL, \"name\" text NOT NULL, \"form\" text NOT NULL, \"audience\" text NOT NULL DEFAULT (''), \"participants\" integer NOT NULL DEFAULT (0), \"person_in_charge\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"evidence\" text NOT NULL DEFAULT ('[]'), \"created_at\" datetime NOT NULL)",
  "CREATE TABLE \"periodical\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" text NOT NULL, \"publisher\" text NOT NULL DEFAULT (''), \"frequency\" text NOT NULL DEFAULT (''), \"language\" text NOT NULL DEFAULT ('vi'), \"copies_ordered\" integer NOT NULL DEFAULT (1), \"active\" boolean NOT NULL DEFAULT (1))",
  "CREATE TABLE \"periodical_issue\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"periodical_id\" integer NOT NULL, \"received_on\" text NOT NULL, \"issue_number\" text NOT NULL, \"copies\" integer NOT NULL DEFAULT (1), CONSTRAINT \"FK_880ff74635c4253a01880930f63\" FOREIGN KEY (\"periodical_id\") REFERENCES \"periodical\" (\"id\") ON DELETE CASCADE ON UPDATE NO ACTION)",
  "CREATE TABLE \"audit_log\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"at\" datetime NOT NULL, \"actor\" text NOT NULL DEFAULT (''), \"action\" text NOT NULL, \"entity\" text NOT NULL, \"entity_id\" integer, \"details\" text NOT NULL DEFAULT ('{}'))",
  "CREATE UNIQUE INDEX \"ux_series_code\" ON \"collection_series\" (\"code\") ",
  "CREATE UNIQUE INDEX \"ux_classification_scheme_code\" ON \"classification\" (\"scheme\", \"code\") ",
  "CREATE INDEX \"ix_title_dedupe\" ON \"title\" (\"dedupe_key\") ",
  "CREATE INDEX \"ix_title_isbn\" ON \"title\" (\"isbn\") ",
  "CREATE INDEX \"ix_title_series\" ON \"title\" (\"series_id\") ",
  "CREATE UNIQUE INDEX \"ux_batch_register_number\" ON \"accession_batch\" (\"register_number\") ",
  "CREATE INDEX \"ix_batch_line_batch\" ON \"accession_batch_line\" (\"batch_id\") ",
  "CREATE INDEX \"ix_batch_line_title\" ON \"accession_batch_line\" (\"title_id\") ",
  "CREATE INDEX \"ix_copy_batch\" ON \"copy\" (\"batch_id\") ",
  "CREATE INDEX \"ix_copy_status\" ON \"copy\" (\"status\") ",
  "CREATE INDEX \"ix_copy_title\" ON \"copy\" (\"title_id\") ",
  "CREATE UNIQUE INDEX \"ux_copy_accession_code\" ON \"copy\" (\"accession_code\") ",
  "CREATE UNIQUE INDEX \"ux_copy_barcode\" ON \"copy\" (\"barcode\") ",
  "CREATE UNIQUE INDEX \"ux_copy_series_number\" ON \"copy\" (\"series_id\", \"accession_number\") ",
  "CREATE INDEX \"ix_withdrawal_item_copy\" ON \"withdrawal_item\" (\"copy_id\") ",
  "CREATE UNIQUE INDEX \"ux_withdrawal_item\" ON \"withdrawal_item\" (\"withdrawal_id\", \"copy_id\") ",
  "CREATE INDEX \"ix_reader_class\" ON \"reader\" (\"class_name\", \"active\") ",
  "CREATE UNIQUE INDEX \"ux_reader_card\" ON \"reader\" (\"card_number\") ",
  "CREATE UNIQUE INDEX \"ux_reader_code\" ON \"reader\" (\"code\") ",
  "CREATE UNIQUE INDEX \"ux_loan_policy\" ON \"loan_policy\" (\"reader_kind\", \"series_code\") ",
  "CREATE INDEX \"ix_loan_checkout\" ON \"loan\" (\"checkout_at\") ",
  "CREATE INDEX \"ix_loan_copy\" ON \"loan\" (\"copy_id\") ",
  "CREATE INDEX \"ix_loan_due\" ON \"loan\" (\"returned_at\", \"due_at\") ",
  "CREATE INDEX \"ix_loan_reader_open\" ON \"loan\" (\"reader_id\", \"returned_at\") ",
  "CREATE UNIQUE INDEX \"ux_loan_open_copy\" ON \"loan\" (\"copy_id\") WHERE returned_at IS NULL AND lost_at IS NULL",
  "CREATE INDEX \"ix_visit_at\" ON \"visit\" (\"visited_at\") ",
  "CREATE INDEX \"ix_visit_reader\" ON \"visit\" (\"reader_id\") ",
  "CREATE INDEX \"ix_stocktake_item\" ON \"stocktake_item\" (\"stocktake_id\", \"copy_id\") ",
  "CREATE INDEX \"ix_activity_date\" ON \"reading_activity\" (\"date\") ",
  "CREATE INDEX \"ix_periodical_issue\" ON \"periodical_issue\" (\"periodical_id\", \"received_on\") ",
  "CREATE INDEX \"ix_audit_at\" ON \"audit_log\" (\"at\") ",
  "CREATE INDEX \"ix_audit_entity\" ON \"audit_log\" (\"entity\", \"entity_id\") ",
  // Full-text index over folded (no diacritics, đ→d) title text; rowid = title.id. Kept in step by the catalogue service.
  "CREATE VIRTUAL TABLE \"title_fts\" USING fts5(body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
];
