/** Vietnamese amounts in words, as written on biên bản and phiếu: 12 340 000 → "Mười hai triệu ba trăm bốn mươi nghìn đồng". */

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Words for 0–999. `full` writes "không trăm" / "linh" as needed inside a bigger number. */
function triple(n: number, full: boolean): string[] {
  const h = Math.floor(n / 100), t = Math.floor((n % 100) / 10), u = n % 10;
  const out: string[] = [];
  if (h > 0 || full) out.push(DIGITS[h], 'trăm');
  if (t === 0) {
    if (u > 0 && out.length) out.push('linh');
  } else if (t === 1) out.push('mười');
  else out.push(DIGITS[t], 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) out.push('mốt');
    else if (u === 5 && t >= 1) out.push('lăm');
    else if (u === 4 && t >= 2) out.push('tư');
    else out.push(DIGITS[u]);
  }
  return out;
}

/** Words for a non-negative integer below one tỷ, groups "nghìn" and "triệu". */
function belowBillion(n: number, leading: boolean): string[] {
  const groups = [Math.floor(n / 1_000_000), Math.floor((n % 1_000_000) / 1000), n % 1000];
  const names = ['triệu', 'nghìn', ''];
  const out: string[] = [];
  groups.forEach((g, i) => {
    if (g === 0) return;
    const first = leading && out.length === 0;
    out.push(...triple(g, !first));
    if (names[i]) out.push(names[i]);
  });
  return out;
}

function words(n: number, leading: boolean): string[] {
  if (n >= 1_000_000_000) {
    const high = Math.floor(n / 1_000_000_000);
    const low = n % 1_000_000_000;
    return [...words(high, leading), 'tỷ', ...(low > 0 ? belowBillion(low, false) : [])];
  }
  return belowBillion(n, leading);
}

/** A whole number in Vietnamese words, lower case: 105 → "một trăm linh năm". */
export function numberToWords(value: number): string {
  const n = Math.round(Math.abs(value));
  if (!Number.isSafeInteger(n)) throw new RangeError('Số quá lớn để đọc thành chữ.');
  const body = n === 0 ? 'không' : words(n, true).join(' ');
  return value < 0 && n > 0 ? `âm ${body}` : body;
}

/** An amount of money in words with a capital letter: 15 → "Mười lăm đồng". */
export function amountInWords(dong: number): string {
  const w = `${numberToWords(dong)} đồng`;
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** 12340000 → "12.340.000" (Vietnamese thousands separator). */
export function formatAmount(n: number): string {
  const s = String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return n < 0 ? `-${s}` : s;
}
