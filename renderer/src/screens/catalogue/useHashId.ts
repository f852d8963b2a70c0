import { useEffect, useState } from 'react';
import { hashParams } from '../../nav';

/** The numeric id after the screen id in the address ("#/bien-muc/12" → 12), following hash changes. */
export function useHashId(screen: string): number | null {
  const read = () => {
    const [id, sub] = hashParams();
    return id === screen && sub && /^\d+$/.test(sub) ? Number(sub) : null;
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
  available: 'Sẵn sàng', onLoan: 'Đang mượn', withdrawn: 'Đã thanh lọc', lost: 'Mất',
};
export const STATUS_BADGE: Record<string, string> = {
  available: 'badge badge-ok', onLoan: 'badge badge-warn', withdrawn: 'badge', lost: 'badge badge-danger',
};
