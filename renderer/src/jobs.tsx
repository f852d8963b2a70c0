import { useEffect, useRef, useState } from 'react';
import type { FileResult } from '@shared/contract';
import { call, onEvent } from './api';
import { FileActions } from './FileActions';
import { Notice, formatNumber } from './ui';

export interface JobProgressState {
  done: number;
  total: number;
}

function newJobId(): string {
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Follows one long job (a print, a label sheet): `run` hands the work a fresh job id, `progress` follows
 * its `jobs.progress` events while it runs (null when idle), `cancel` stops it at its next step.
 */
export function useJob() {
  const [progress, setProgress] = useState<JobProgressState | null>(null);
  const idRef = useRef<string | null>(null);
  useEffect(() => onEvent('jobs.progress', (p) => {
    if (p.jobId === idRef.current) setProgress({ done: p.done, total: p.total });
  }), []);
  return {
    progress,
    running: progress !== null,
    async run<T>(work: (jobId: string) => Promise<T>): Promise<T> {
      const id = newJobId();
      idRef.current = id;
      setProgress({ done: 0, total: 0 });
      try {
        return await work(id);
      } finally {
        idRef.current = null;
        setProgress(null);
      }
    },
    /** The jobs registry cancels any job by id. */
    cancel: () => (idRef.current ? call('jobs.cancel', { jobId: idRef.current }) : undefined),
  };
}

/** A thin bar with the percentage (and "Hủy" when the job can be cancelled): the registers and reports. */
export function ProgressBar({ progress, onCancel }: { progress: JobProgressState | null; onCancel?: () => void }) {
  if (!progress) return null;
  const pct = progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  const bar = (
    <div className="report-progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Tiến độ in">
      <div style={{ width: `${pct}%` }} />
    </div>
  );
  if (!onCancel) return bar;
  return (
    <div className="row" style={{ alignItems: 'center', gap: 8 }}>
      <div style={{ flex: 1 }}>{bar}</div>
      <span className="muted">{pct} %</span>
      <button type="button" onClick={onCancel}>Hủy</button>
    </div>
  );
}

/** Progress counted in items ("120 / 480") with "Hủy": label sheets and library cards. */
export function JobProgress({ progress, onCancel }: { progress: JobProgressState | null; onCancel: () => void }) {
  if (!progress) return null;
  return (
    <div className="labels-job" role="status" aria-label="Tiến độ">
      <progress max={progress.total || 1} value={progress.done} />
      <span>{progress.total ? `${formatNumber(progress.done)} / ${formatNumber(progress.total)}` : 'Đang chuẩn bị…'}</span>
      <button type="button" onClick={onCancel}>Hủy</button>
    </div>
  );
}

/** "Đã tạo tệp." with open/download actions, once a job's file is ready. */
export function FileLink({ file }: { file: FileResult | null }) {
  if (!file) return null;
  return (
    <Notice kind="success">
      Đã tạo tệp.{' '}
      <FileActions file={file} />
    </Notice>
  );
}

/** "Đã tạo 120 nhãn (5 trang)." with open/download actions. */
export function FileDone({ file, what }: { file: FileResult & { count: number }; what: string }) {
  return (
    <Notice kind="success">
      Đã tạo {formatNumber(file.count)} {what} ({file.pages ?? '?'} trang).{' '}
      <FileActions file={{ fileName: file.fileName }} />
    </Notice>
  );
}
