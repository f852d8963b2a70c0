import { AppError } from '../../../shared/errors';
import type { EmitEvent, JobControl, JobHandle } from '../context';

/** Tracks long jobs so the UI can follow and cancel them. */
export class JobRegistry implements JobControl {
  private readonly cancelled = new Set<string>();
  private readonly lastEmit = new Map<string, number>();
  constructor(private readonly emit: EmitEvent) {}

  begin(jobId: string | undefined): JobHandle {
    const id = jobId ?? `job-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const { cancelled, lastEmit, emit } = this;
    return {
      progress(done, total, label) {
        if (cancelled.has(id)) {
          cancelled.delete(id);
          throw new AppError('JOB_CANCELLED', 'Đã hủy theo yêu cầu.');
        }
        const t = Date.now();
        if (done === total || t - (lastEmit.get(id) ?? 0) > 100) {
          lastEmit.set(id, t);
          emit('jobs.progress', { jobId: id, done, total, label });
        }
      },
      get cancelled() {
        return cancelled.has(id);
      },
    };
  }

  /** Called with every cancellation, so a job running on the worker thread hears it too. */
  onCancel: ((jobId: string) => void) | null = null;

  cancel(jobId: string): void {
    this.cancelled.add(jobId);
    this.onCancel?.(jobId);
  }
}
