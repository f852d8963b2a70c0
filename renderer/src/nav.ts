import { useEffect, useState } from 'react';

/** "#/bien-muc/12" → ["bien-muc", "12"]: the screen id, then whatever that screen reads. */
export function hashParams(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
}

/** What `read` finds in the address, read again whenever the address changes (a tab, an id after the screen). */
export function useHash<T>(read: () => T): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const on = () => setValue(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}

/** The tab a screen's address names after it ("#/so-sach/thong-ke" → 'thong-ke'), else `fallback`. */
export function useHashTab<T extends string>(tabs: readonly T[], fallback: T): T {
  return useHash(() => tabs.find((t) => t === hashParams()[1]) ?? fallback);
}

/** Opens a screen (and optional sub-path), e.g. navigate('bien-muc', String(titleId)). */
export function navigate(screen: string, ...rest: string[]): void {
  window.location.hash = `#/${[screen, ...rest].map(encodeURIComponent).join('/')}`;
}
