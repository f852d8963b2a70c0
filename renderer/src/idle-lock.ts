import { useEffect, useRef } from 'react';

/** Whatever a person does at the desk: keys (a scanner's too), the mouse, touch, scrolling. */
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after `minutes` without activity (0: never), as set in Cài đặt → Tài khoản. Only
 * the time since the last activity counts, checked every few seconds; a hidden tab's timers may run
 * late, which only makes the lock come later, never earlier.
 */
export function useIdleLock(active: boolean, minutes: number, onIdle: () => void): void {
  const last = useRef(Date.now());
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    if (!active || minutes <= 0) return;
    last.current = Date.now();
    const seen = () => { last.current = Date.now(); };
    for (const e of ACTIVITY) window.addEventListener(e, seen, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current >= minutes * 60_000) idle.current();
    }, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, seen, { capture: true });
      window.clearInterval(timer);
    };
  }, [active, minutes]);
}
