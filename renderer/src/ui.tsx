import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { formatNumber } from '@shared/numbers';
import { ApiError } from './api';

/** Small shared pieces for every screen. */

export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info' | 'warning'; children: ReactNode }) {
  if (!children) return null;
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <label className={`field${error ? ' field-error' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && <span className="field-message">{error}</span>}
    </label>
  );
}

export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="screen-header">
      <h1>{title}</h1>
      <div className="screen-actions">{children}</div>
    </header>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Loads data once (and on reload()), keeping loading and error states. When loads overlap (a page turned
 * twice, a filter changed while a page loads) only the last one asked for is shown, whatever order they answer in.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const asked = ++latest.current;
    setLoading(true);
    try {
      const loaded = await load();
      if (asked !== latest.current) return;
      setData(loaded);
      setError(null);
    } catch (e) {
      if (asked !== latest.current) return;
      setError(errorMessage(e));
    } finally {
      if (asked === latest.current) setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** The one Vietnamese number format (1.234.567), kept importable from here for the screens. */
export { formatNumber };

export function formatMoney(n: number): string {
  return `${n.toLocaleString('vi-VN')} đ`;
}

/**
 * Previous/next paging for a server-paged list, with the total ("448 bạn đọc", "Trang 2/3").
 * `offset`/`pageSize` are what the list was asked for; `total` is what the server counted.
 */
export function Pager({ total, offset, pageSize, unit, onChange }: {
  total: number; offset: number; pageSize: number; unit: string; onChange: (offset: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(pages, Math.floor(offset / pageSize) + 1);
  const first = total === 0 ? 0 : offset + 1;
  const lastRow = Math.min(total, offset + pageSize);
  return (
    <nav className="row pager" aria-label="Phân trang">
      <span><strong>{formatNumber(total)} {unit}</strong>{total > pageSize && <> — đang xem {formatNumber(first)}–{formatNumber(lastRow)}</>}</span>
      {pages > 1 && (
        <>
          <button type="button" onClick={() => onChange(Math.max(0, offset - pageSize))} disabled={page <= 1}>‹ Trang trước</button>
          <span>Trang {formatNumber(page)}/{formatNumber(pages)}</span>
          <button type="button" onClick={() => onChange(offset + pageSize)} disabled={page >= pages}>Trang sau ›</button>
        </>
      )}
    </nav>
  );
}

/** One headline figure (value above, what it counts below): statistics and the self-assessment. */
export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="report-figure" data-testid={testId}>
      <span className="report-figure-value">{value}</span>
      <span className="report-figure-label">{label}</span>
    </div>
  );
}

/** A notice to show above a form: what happened, or what went wrong. */
export type Message = { kind: 'error' | 'success' | 'info'; text: string } | null;
