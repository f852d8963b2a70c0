import { useEffect, useRef, useState, type FocusEvent } from 'react';
import { formatDate, isIsoDate, parseViDate } from '@shared/dates';

export interface DateFieldProps {
  /** ISO date (YYYY-MM-DD) or '' — what the contract takes. */
  value: string;
  /**
   * Called with the ISO date when the text reads as one, '' when the field is cleared, and the
   * typed text itself when it does not read as a date (so the contract refuses it: never saved as
   * a wrong day, never emptied in silence).
   */
  onChange: (value: string) => void;
  name?: string;
  'aria-label'?: string;
  required?: boolean;
  /** ISO bounds, checked with a Vietnamese message (never a browser bubble). */
  min?: string;
  max?: string;
  autoFocus?: boolean;
}

/** The field's message for a text, or null when it is acceptable. */
function problem(text: string, { required, min, max }: Pick<DateFieldProps, 'required' | 'min' | 'max'>): string | null {
  const parsed = parseViDate(text);
  if (!parsed.ok) return parsed.message;
  if (!parsed.iso) return required ? 'Hãy nhập ngày (ngày/tháng/năm).' : null;
  if (min && parsed.iso < min) return `Ngày không được trước ${formatDate(min)}.`;
  if (max && parsed.iso > max) return `Ngày không được sau ${formatDate(max)}.`;
  return null;
}

const shown = (value: string) => (isIsoDate(value) ? formatDate(value) : value);

/**
 * A date as Vietnamese people write it: dd/mm/yyyy, typed (30/11/2026, 1/2/2027, 30112026). The
 * browser's own date input shows mm/dd/yyyy in an English browser, so it is not used. An unreadable
 * or out-of-range date is refused at the field with a Vietnamese message, and the form it sits in is
 * not submitted until it is fixed.
 */
export function DateField({ value, onChange, name, required, min, max, autoFocus, ...rest }: DateFieldProps) {
  const [text, setText] = useState(() => shown(value));
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const emitted = useRef(value);
  const latest = useRef({ text, required, min, max });
  latest.current = { text, required, min, max };

  // A new value from outside (a record loaded, a form reset) replaces what is shown.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(shown(value));
      setError(null);
    }
  }, [value]);

  // The enclosing form (noValidate) is not submitted while this date is wrong: the message shows here.
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const guard = (e: Event) => {
      const { text: t, ...bounds } = latest.current;
      const message = problem(t, bounds);
      if (!message) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      e.stopPropagation();
      setError(message);
      input.current?.focus();
    };
    form.addEventListener('submit', guard);
    return () => form.removeEventListener('submit', guard);
  }, []);

  const change = (next: string) => {
    setText(next);
    const parsed = parseViDate(next);
    const out = parsed.ok ? parsed.iso : next;
    if (error && !problem(next, { required, min, max })) setError(null);
    emitted.current = out;
    onChange(out);
  };
  const blur = (e: FocusEvent<HTMLInputElement>) => {
    const message = problem(e.target.value, { required, min, max });
    setError(message);
    const parsed = parseViDate(e.target.value);
    if (parsed.ok && parsed.iso) setText(formatDate(parsed.iso));
  };

  return (
    <>
      <input
        ref={input}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className="date-field"
        name={name}
        aria-label={rest['aria-label']}
        placeholder="ngày/tháng/năm"
        value={text}
        aria-invalid={error ? true : undefined}
        autoFocus={autoFocus}
        onChange={(e) => change(e.target.value)}
        onBlur={blur}
      />
      {error && <span className="field-message" role="alert">{error}</span>}
    </>
  );
}
