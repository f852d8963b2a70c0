import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function pageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  const m = /^Pages:\s+(\d+)/m.exec(stdout);
  if (!m) throw new Error(`pdfinfo: no page count for ${pdf}`);
  return Number(m[1]);
}

/**
 * Prints a PDF the way a scanner sees it — rasterised by poppler (pdftoppm, grey, `dpi`) — and decodes
 * every Code 128 symbol with a real decoder (zbarimg). Returns the decoded values in page order. Work is
 * split into `parallel` page ranges. Needs poppler-utils and zbar-tools (tests and self-checks only).
 */
export async function decodePdfBarcodes(pdf: string, options: { dpi?: number; parallel?: number; pages?: [number, number] } = {}): Promise<string[]> {
  const dpi = options.dpi ?? 300;
  const [first, last] = options.pages ?? [1, await pageCount(pdf)];
  const parallel = Math.max(1, Math.min(options.parallel ?? 2, last - first + 1));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesach-zbar-'));
  try {
    const per = Math.ceil((last - first + 1) / parallel);
    const ranges = Array.from({ length: parallel }, (_, i) => [first + i * per, Math.min(last, first + (i + 1) * per - 1)] as const)
      .filter(([a, b]) => a <= b);
    const results = await Promise.all(ranges.map(async ([a, b], i) => {
      const out: string[] = [];
      // One page at a time keeps the disk use to a page (an A4 page at 300 dpi is ~9 MB as PNG).
      for (let p = a; p <= b; p++) {
        const prefix = path.join(dir, `r${i}`);
        await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(p), '-l', String(p), '-singlefile', pdf, prefix]);
        const png = `${prefix}.png`;
        try {
          const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Scode128.enable', png], { maxBuffer: 16 * 1024 * 1024 });
          out.push(...stdout.split('\n').filter((l) => l !== ''));
        } catch (error) {
          // zbarimg exits 4 when a page holds no symbol at all.
          if ((error as { code?: number }).code !== 4) throw error;
        } finally {
          fs.rmSync(png, { force: true });
        }
      }
      return out;
    }));
    return results.flat();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
