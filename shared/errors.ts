/** Errors travel as data: a stable code and a Vietnamese message the UI shows as it is. */
export interface AppErrorData {
  code: string;
  message: string;
  /** Optional per-row or per-field details (e.g. import errors). */
  details?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Result<T> = { ok: true; value: T } | ({ ok: false } & AppErrorData);
