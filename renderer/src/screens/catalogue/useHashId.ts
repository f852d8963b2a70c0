import { useEffect, useState } from 'react';
import { hashParams } from '../../nav';

/**
 * The numeric id after a path in the address, following hash changes: `useHashId('bien-muc')` reads
 * "#/bien-muc/12" → 12; `useHashId('luu-thong', 'lich-su')` reads "#/luu-thong/lich-su/12" → 12.
 */
export function useHashId(...path: string[]): number | null {
  const read = () => {
    const parts = hashParams();
    const id = parts[path.length];
    return path.every((p, i) => parts[i] === p) && id && /^\d+$/.test(id) ? Number(id) : null;
  };
  const [value, setValue] = useState(read);
  useEffect(() => {
    const on = () => setValue(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}

export const STATUS_LABELS: Record<string, string> = {
  available: 'Sẵn sàng', onLoan: 'Đang mượn', held: 'Đang giữ', withdrawn: 'Đã thanh lọc', lost: 'Mất',
};
export const STATUS_BADGE: Record<string, string> = {
  available: 'badge badge-ok', onLoan: 'badge badge-warn', held: 'badge badge-warn', withdrawn: 'badge', lost: 'badge badge-danger',
};
