/**
 * What a digital resource's bytes are, read from the content (magic bytes), never from the file name.
 * Pure: takes the first bytes of the file (HEAD_BYTES is enough) and answers the type the library may
 * store and serve, or a Vietnamese reason for refusing it. Only types a browser shows or plays by
 * itself are allowed; anything that can carry script (HTML, SVG, JavaScript), executables and archives
 * other than EPUB are refused.
 */

/** How many leading bytes detection needs. */
export const HEAD_BYTES = 4096;

export type FileKind = 'pdf' | 'epub' | 'audio' | 'video' | 'image';

export interface DetectedType {
  /** The Content-Type the file is served with. */
  mime: string;
  /** Short name shown to people: "PDF", "EPUB", "MP3", … */
  label: string;
  kind: FileKind;
  /** Usual extension, for a downloaded file's name. */
  ext: string;
}

export type Detection = { ok: true; type: DetectedType } | { ok: false; message: string };

export const ALLOWED_LABELS = 'PDF, EPUB, MP3, M4A, OGG, MP4, WebM, JPEG, PNG';

const ascii = (b: Uint8Array, from: number, len: number) => String.fromCharCode(...b.subarray(from, from + len));
const startsWith = (b: Uint8Array, bytes: number[], at = 0) => b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
const u16le = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32be = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];

const found = (mime: string, label: string, kind: FileKind, ext: string): Detection => ({ ok: true, type: { mime, label, kind, ext } });
const refused = (message: string): Detection => ({ ok: false, message });

const MP4_AUDIO_BRANDS = new Set(['M4A ', 'M4B ']);
const MP4_VIDEO_BRANDS = new Set(['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'M4VH', 'M4VP', 'dash', 'MSNV', 'f4v ']);

/** ISO base media (MP4, M4A): an `ftyp` box first, whose brands say audio or video. */
function isoMedia(b: Uint8Array): Detection | null {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return null;
  const size = u32be(b, 0);
  if (size < 16 || size % 4 !== 0) return null;
  const major = ascii(b, 8, 4);
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(size, b.length); at += 4) brands.push(ascii(b, at, 4));
  if (brands.some((x) => MP4_AUDIO_BRANDS.has(x)) && !MP4_VIDEO_BRANDS.has(major)) return found('audio/mp4', 'M4A', 'audio', 'm4a');
  if (MP4_AUDIO_BRANDS.has(major)) return found('audio/mp4', 'M4A', 'audio', 'm4a');
  if (brands.some((x) => MP4_VIDEO_BRANDS.has(x))) return found('video/mp4', 'MP4', 'video', 'mp4');
  return refused(`Tệp dạng ISO (nhãn "${major.trim()}") không phải video MP4 hay âm thanh M4A mà thư viện nhận.`);
}

/** An MPEG audio frame header (layer I–III, valid bit rate and sampling rate); ADTS AAC (layer 0) is not MP3. */
function mpegFrame(b: Uint8Array, at: number): boolean {
  if (b.length < at + 4 || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return false;
  const version = (b[at + 1] >> 3) & 3, layer = (b[at + 1] >> 1) & 3, bitrate = b[at + 2] >> 4, rate = (b[at + 2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** EBML (Matroska family): only the WebM doc type is allowed. */
function ebml(b: Uint8Array): Detection | null {
  if (!startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const head = ascii(b, 0, Math.min(b.length, 64));
  if (head.includes('webm')) return found('video/webm', 'WebM', 'video', 'webm');
  return refused('Tệp Matroska (.mkv) không được nhận; hãy chuyển sang WebM hoặc MP4.');
}

/** A ZIP is allowed only as EPUB: its first entry is `mimetype`, stored, holding "application/epub+zip". */
function zip(b: Uint8Array): Detection | null {
  if (!startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return null;
  const nameLen = u16le(b, 26), extraLen = u16le(b, 28);
  const name = b.length >= 30 + nameLen ? ascii(b, 30, nameLen) : '';
  const content = ascii(b, 30 + nameLen + extraLen, 20);
  if (name === 'mimetype' && content === 'application/epub+zip') return found('application/epub+zip', 'EPUB', 'epub', 'epub');
  return refused('Tệp nén ZIP không được nhận (chỉ nhận sách điện tử EPUB).');
}

/** Text that a browser would run or render as a page: refused whatever the file is called. */
function scriptText(b: Uint8Array): Detection | null {
  let start = 0;
  if (startsWith(b, [0xef, 0xbb, 0xbf])) start = 3;
  const text = ascii(b, start, Math.min(b.length - start, 1024)).replace(/^[\s\0]+/, '').toLowerCase();
  if (/<svg[\s>]/.test(text) || (text.startsWith('<?xml') && text.includes('<svg'))) return refused('Tệp SVG không được nhận vì có thể chứa mã chạy; hãy dùng ảnh PNG hoặc JPEG.');
  if (/^<!doctype\s+html|^<html|<head[\s>]|<body[\s>]|<script[\s>]|<iframe[\s>]/.test(text) || /^<[a-z!?]/.test(text)) {
    return refused('Tệp HTML/XML (trang web) không được nhận, dù có đặt tên .pdf hay tên khác.');
  }
  return null;
}

/** Printable text throughout (UTF-8 or ASCII): a script or a plain text file, not a document the library serves. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 1024);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) printable++;
    else if (c === 0) return false;
  }
  return printable === n;
}

/** Detects the type from the first bytes (at least HEAD_BYTES when the file is that long). */
export function detectFileType(head: Uint8Array): Detection {
  if (head.length === 0) return refused('Tệp trống.');
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return found('application/pdf', 'PDF', 'pdf', 'pdf'); // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return found('image/png', 'PNG', 'image', 'png');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return found('image/jpeg', 'JPEG', 'image', 'jpg');
  if (startsWith(head, [0x4f, 0x67, 0x67, 0x53])) { // OggS
    const page = ascii(head, 0, Math.min(head.length, 200));
    return page.includes('theora') ? found('video/ogg', 'OGG', 'video', 'ogv') : found('audio/ogg', 'OGG', 'audio', 'ogg');
  }
  if (startsWith(head, [0x49, 0x44, 0x33])) return found('audio/mpeg', 'MP3', 'audio', 'mp3'); // ID3
  const zipped = zip(head);
  if (zipped) return zipped;
  const iso = isoMedia(head);
  if (iso) return iso;
  const matroska = ebml(head);
  if (matroska) return matroska;
  if (mpegFrame(head, 0)) return found('audio/mpeg', 'MP3', 'audio', 'mp3');
  if (startsWith(head, [0x4d, 0x5a])) return refused('Tệp chương trình (.exe, .dll) không được nhận.');
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return refused('Tệp chương trình không được nhận.');
  const script = scriptText(head);
  if (script) return script;
  if (looksLikeText(head)) return refused('Tệp văn bản hoặc mã lệnh (JavaScript, script…) không được nhận.');
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21]) || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf]) || startsWith(head, [0x1f, 0x8b])) {
    return refused('Tệp nén (RAR, 7z, gzip) không được nhận.');
  }
  return refused(`Không nhận ra loại tệp từ nội dung của nó. Thư viện số chỉ nhận: ${ALLOWED_LABELS}.`);
}
