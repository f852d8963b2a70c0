import { describe, expect, it } from 'vitest';
import { amountInWords, formatAmount, numberToWords } from './number-words';

describe('amountInWords', () => {
  it.each([
    [0, 'Không đồng'],
    [15, 'Mười lăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [1_000_000, 'Một triệu đồng'],
    [12_340_000, 'Mười hai triệu ba trăm bốn mươi nghìn đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_200_000, 'Một triệu hai trăm nghìn đồng'],
    [21, 'Hai mươi mốt đồng'],
    [11, 'Mười một đồng'],
    [10, 'Mười đồng'],
    [24, 'Hai mươi tư đồng'],
    [14, 'Mười bốn đồng'],
    [25, 'Hai mươi lăm đồng'],
    [45_000, 'Bốn mươi lăm nghìn đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [2_050, 'Hai nghìn không trăm năm mươi đồng'],
    [1_000_000_001, 'Một tỷ không trăm linh một đồng'],
    [3_000_500_000_000, 'Ba nghìn tỷ năm trăm triệu đồng'],
    [101, 'Một trăm linh một đồng'],
    [115, 'Một trăm mười lăm đồng'],
  ])('%d → %s', (n, expected) => {
    expect(amountInWords(n)).toBe(expected);
  });

  it('reads negative numbers and formats figures with dots', () => {
    expect(numberToWords(-5)).toBe('âm năm');
    expect(formatAmount(12_340_000)).toBe('12.340.000');
    expect(formatAmount(0)).toBe('0');
    expect(formatAmount(999)).toBe('999');
  });
});
