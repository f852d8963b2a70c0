/** Short distinct beeps made with Web Audio: one high tone for OK, two middle ones for a warning (late return), two low ones for an error. */
let audio: AudioContext | null = null;

function beep(freq: number, start: number, ms: number, type: OscillatorType): void {
  if (!audio) return;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  const t = audio.currentTime + start;
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + ms / 1000);
  osc.connect(gain).connect(audio.destination);
  osc.start(t);
  osc.stop(t + ms / 1000 + 0.02);
}

export type ToneKind = 'ok' | 'warn' | 'error' | 'info';

/** A late return is a warning (amber banner, two middle beeps), not an error and not a plain OK. */
export function returnTone(loan: { overdueDays: number }): ToneKind {
  return loan.overdueDays > 0 ? 'warn' : 'ok';
}

export function tone(kind: ToneKind): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    if (kind === 'ok') beep(1320, 0, 90, 'sine');
    else if (kind === 'info') beep(990, 0, 60, 'sine');
    else if (kind === 'warn') {
      beep(660, 0, 120, 'triangle');
      beep(660, 0.16, 120, 'triangle');
    }
    else {
      beep(220, 0, 160, 'square');
      beep(180, 0.2, 220, 'square');
    }
  } catch {
    // No audio device: the last-action line still says what happened.
  }
}
