import { hashParams, useHash } from '../../nav';

/**
 * The numeric id after a path in the address, following hash changes: `useHashId('bien-muc')` reads
 * "#/bien-muc/12" → 12; `useHashId('luu-thong', 'lich-su')` reads "#/luu-thong/lich-su/12" → 12.
 */
export function useHashId(...path: string[]): number | null {
  return useHash(() => {
    const parts = hashParams();
    const id = parts[path.length];
    return path.every((p, i) => parts[i] === p) && id && /^\d+$/.test(id) ? Number(id) : null;
  });
}

export const STATUS_LABELS: Record<string, string> = {
  available: 'Sẵn sàng', onLoan: 'Đang mượn', held: 'Đang giữ', withdrawn: 'Đã thanh lọc', lost: 'Mất',
};
export const STATUS_BADGE: Record<string, string> = {
  available: 'badge badge-ok', onLoan: 'badge badge-warn', held: 'badge badge-warn', withdrawn: 'badge', lost: 'badge badge-danger',
};
