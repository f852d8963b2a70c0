/**
 * Short distinct beeps made with Web Audio: one high tone for OK, two middle ones for a warning (late return), two low
 * ones for an error, a short one for information, and a rising three-note chime for a book going to the hold shelf
 * (a reservation is waiting for it: the librarian must put it aside, not back on the shelf).
 */
let audio: AudioContext | null = null;

export type ToneKind = 'ok' | 'warn' | 'error' | 'info' | 'hold';

/** One beep: frequency (Hz), start after the first (s), length (ms), waveform. */
export interface Beep { freq: number; at: number; ms: number; type: OscillatorType }

/** Each kind's beeps. Every kind sounds different from the others (tones.test.ts): the librarian hears what happened without looking. */
export const TONES: Record<ToneKind, Beep[]> = {
  ok: [{ freq: 1320, at: 0, ms: 90, type: 'sine' }],
  info: [{ freq: 990, at: 0, ms: 60, type: 'sine' }],
  warn: [{ freq: 660, at: 0, ms: 120, type: 'triangle' }, { freq: 660, at: 0.16, ms: 120, type: 'triangle' }],
  error: [{ freq: 220, at: 0, ms: 160, type: 'square' }, { freq: 180, at: 0.2, ms: 220, type: 'square' }],
  hold: [{ freq: 784, at: 0, ms: 110, type: 'sine' }, { freq: 1047, at: 0.13, ms: 110, type: 'sine' }, { freq: 1568, at: 0.26, ms: 220, type: 'sine' }],
};

function beep({ freq, at, ms, type }: Beep): void {
  if (!audio) return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  const t = audio.currentTime + at;
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + ms / 1000);
  osc.connect(gain).connect(audio.destination);
  osc.start(t);
  osc.stop(t + ms / 1000 + 0.02);
}

/**
 * The tone of a return: a copy someone reserved goes to the hold shelf (the loudest news, whatever else), a late
 * return is a warning (amber banner, two middle beeps), not an error and not a plain OK.
 */
export function returnTone(loan: { overdueDays: number }, hold?: unknown): ToneKind {
  if (hold) return 'hold';
  return loan.overdueDays > 0 ? 'warn' : 'ok';
}

export function tone(kind: ToneKind): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    for (const b of TONES[kind]) beep(b);
  } catch {
    // No audio device: the last-action line still says what happened.
  }
}
