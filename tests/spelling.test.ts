import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One spelling on every surface for a word the app says on many screens: "hủy" (the tone mark on u, as Lưu thông's
 * "Đã hủy cho mượn" and every "Hủy" button have always written it), never "huỷ" beside it — Đặt trước (issue 22) had
 * brought "Huỷ đặt trước" onto the same desk as "Hủy".
 */
const root = path.resolve(__dirname, '..');
const SURFACES = ['main', 'shared', 'renderer/src', 'assets/opac', 'e2e'];

function textFiles(dir: string): string[] {
  const full = path.join(root, dir);
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|js|html)$/.test(f)).map((f) => path.join(dir, f));
}

/** Lines spelling "huỷ" (any case), as "file:line". */
function otherHuy(file: string, src: string): string[] {
  return src.split('\n').flatMap((line, i) => (/huỷ/i.test(line.normalize('NFC')) ? [`${file}:${i + 1}`] : []));
}

describe('Vietnamese spelling', () => {
  it('"hủy", never "huỷ", in the app, its prints, the OPAC and what the tests expect', () => {
    const found = SURFACES.flatMap(textFiles).flatMap((f) => otherHuy(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('would see it (the check can fail)', () => {
    expect(otherHuy('x.tsx', 'a\n<button>Huỷ đặt trước</button>')).toEqual(['x.tsx:2']);
    expect(otherHuy('x.tsx', '<button>Hủy</button>')).toEqual([]);
  });
});
