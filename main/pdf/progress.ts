/**
 * What a long print reports to: how many of its rows are drawn, now and then and once at the end. The
 * caller's job handle fits as it is; cancelling is the callee throwing from `progress`, which ends the
 * print with that error.
 */
export interface PrintProgress {
  progress(done: number, total: number): void;
}
