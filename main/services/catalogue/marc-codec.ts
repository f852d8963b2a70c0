import { SaxesParser } from 'saxes';
import { AppError } from '../../../shared/errors';

/**
 * MARC 21 records in and out of files: ISO 2709 (`.mrc`) and MARCXML (`.xml`, namespace
 * http://www.loc.gov/MARC21/slim). Pure format work: what a record means to the catalogue is in
 * marc-export.ts and marc-import.ts. docs/architecture.md ("MARC 21") says why marcjs writes ISO 2709
 * and what we check ourselves before it reads one.
 */

// marcjs ships no types; we use its ISO 2709 formatter and parser only (a record is
// { leader, fields: [tag, value] | [tag, indicators, code, value, code, value, …] }).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const marcjs = require('marcjs') as {
  Iso2709Formater: { format(record: MarcjsRecord): string };
  Iso2709Parser: { parse(data: Buffer): MarcjsRecord };
};
interface MarcjsRecord { leader: string; fields: string[][] }

export const MARCXML_NS = 'http://www.loc.gov/MARC21/slim';

export interface MarcField {
  tag: string;
  /** Control fields (001–009) have a value and no subfields. */
  value?: string;
  ind1?: string;
  ind2?: string;
  subfields?: [code: string, value: string][];
}
export interface MarcRecord { leader: string; fields: MarcField[] }

/** A record as read from a file: its position (1-based, "Bản ghi N") and either the record or why it cannot be read. */
export type ReadRecord = { n: number; record: MarcRecord; error?: undefined } | { n: number; record?: undefined; error: string };

export type MarcFormat = 'iso2709' | 'marcxml';

/** `.mrc` (or `.iso`, `.marc`) → ISO 2709, `.xml` → MARCXML; anything else is refused. */
export function marcFormatOf(fileName: string): MarcFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xml')) return 'marcxml';
  if (lower.endsWith('.mrc') || lower.endsWith('.iso') || lower.endsWith('.marc')) return 'iso2709';
  throw new AppError('BAD_FILE_TYPE', `Tệp "${fileName}" không phải tệp MARC 21: cần đuôi .mrc (ISO 2709) hoặc .xml (MARCXML).`);
}

/** Subfield values of one code, in order, across the fields given. */
export function subfieldValues(fields: MarcField[], code: string): string[] {
  const out: string[] = [];
  for (const f of fields) for (const [c, v] of f.subfields ?? []) if (c === code) out.push(v);
  return out;
}

export function fieldsOf(record: MarcRecord, tag: string): MarcField[] {
  return record.fields.filter((f) => f.tag === tag);
}

/** First value of tag $code, or ''. */
export function first(record: MarcRecord, tag: string, code: string): string {
  return subfieldValues(fieldsOf(record, tag), code)[0] ?? '';
}

// ——— writing ———

/** Characters that would break a record's structure or an XML document; never in stored text, dropped if ever. */
// eslint-disable-next-line no-control-regex
const STRUCTURE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
function safe(value: string): string {
  return value.normalize('NFC').replace(/[\r\n\t]+/g, ' ').replace(STRUCTURE_CHARS, '');
}

function toMarcjs(record: MarcRecord): MarcjsRecord {
  return {
    leader: record.leader,
    fields: record.fields.map((f) => (f.value !== undefined
      ? [f.tag, safe(f.value)]
      : [f.tag, `${f.ind1 ?? ' '}${f.ind2 ?? ' '}`, ...(f.subfields ?? []).flatMap(([c, v]) => [c, safe(v)])])),
  };
}

/** One record in ISO 2709, UTF-8: the directory's lengths and offsets are counted in bytes (marcjs). */
export function toIso2709(record: MarcRecord): Buffer {
  return Buffer.from(marcjs.Iso2709Formater.format(toMarcjs(record)), 'utf8');
}

function xmlEscape(value: string): string {
  return safe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const MARCXML_HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="${MARCXML_NS}">\n`;
export const MARCXML_TAIL = '</collection>\n';

/** One `<record>` of a MARCXML collection, text as UTF-8 characters (not entities), NFC. */
export function toMarcxml(record: MarcRecord): string {
  const out = ['  <record>\n', `    <leader>${xmlEscape(record.leader)}</leader>\n`];
  for (const f of record.fields) {
    if (f.value !== undefined) {
      out.push(`    <controlfield tag="${f.tag}">${xmlEscape(f.value)}</controlfield>\n`);
      continue;
    }
    if (!f.subfields?.length) continue;
    out.push(`    <datafield tag="${f.tag}" ind1="${f.ind1 ?? ' '}" ind2="${f.ind2 ?? ' '}">\n`);
    for (const [c, v] of f.subfields) out.push(`      <subfield code="${xmlEscape(c)}">${xmlEscape(v)}</subfield>\n`);
    out.push('    </datafield>\n');
  }
  out.push('  </record>\n');
  return out.join('');
}

// ——— reading ———

const FIELD_END = 0x1e;
const RECORD_END = 0x1d;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks one ISO 2709 record's structure before marcjs reads it (marcjs trusts the leader: a broken
 * one gives an empty record in silence). Returns why it is broken, or null.
 */
export function iso2709Problem(raw: Buffer): string | null {
  if (raw.length < 26) return `bản ghi quá ngắn (${raw.length} byte), không có đủ đầu biểu (leader) 24 ký tự`;
  const leader = raw.toString('latin1', 0, 24);
  if (!/^\d{5}$/.test(leader.slice(0, 5))) return `đầu biểu (leader) hỏng: độ dài bản ghi "${leader.slice(0, 5)}" không phải 5 chữ số`;
  if (!/^\d{5}$/.test(leader.slice(12, 17))) return `đầu biểu (leader) hỏng: vị trí dữ liệu "${leader.slice(12, 17)}" không phải 5 chữ số`;
  const length = Number(leader.slice(0, 5));
  if (length !== raw.length) return `đầu biểu (leader) hỏng: ghi độ dài ${length} byte nhưng bản ghi dài ${raw.length} byte`;
  const base = Number(leader.slice(12, 17));
  if (base < 25 || base > raw.length || (base - 25) % 12 !== 0 || raw[base - 1] !== FIELD_END) {
    return `đầu biểu (leader) hỏng: vị trí dữ liệu ${base} không khớp với danh mục trường`;
  }
  if (raw[raw.length - 1] !== RECORD_END) return 'bản ghi không kết thúc bằng ký tự kết thúc bản ghi (1D)';
  for (let off = 24; off < base - 1; off += 12) {
    const entry = raw.toString('latin1', off, off + 12);
    if (!/^[0-9A-Za-z]{3}\d{9}$/.test(entry)) return `danh mục trường hỏng ở vị trí ${off}: "${entry}"`;
    const len = Number(entry.slice(3, 7));
    const start = Number(entry.slice(7));
    if (len < 1 || base + start + len > raw.length - 1 || raw[base + start + len - 1] !== FIELD_END) {
      return `trường ${entry.slice(0, 3)}: độ dài hoặc vị trí trong danh mục không khớp với dữ liệu (độ dài phải tính bằng byte)`;
    }
  }
  return null;
}

/** MARC-8 records (leader/09 blank) are read only when they hold nothing but ASCII, which MARC-8 and UTF-8 share. */
function encodingProblem(leader: string, body: Buffer): string | null {
  const coding = leader[9];
  if (coding === 'a') {
    try {
      utf8.decode(body);
      return null;
    } catch {
      return 'đầu biểu ghi mã UTF-8 (leader/09 = a) nhưng bản ghi có byte không phải UTF-8';
    }
  }
  if (coding === ' ' || coding === '#') {
    if (body.every((b) => b < 0x80)) return null;
    return 'bản ghi mã MARC-8 (leader/09 để trống) có chữ có dấu; Kệ Sách chỉ đọc MARC 21 mã UTF-8. '
      + 'Hãy xuất lại từ chương trình cũ với bảng mã UTF-8 (Unicode)';
  }
  return `đầu biểu ghi bảng mã "${coding}" ở vị trí 09; chỉ nhận "a" (UTF-8)`;
}

function fromMarcjs(r: MarcjsRecord): MarcRecord {
  return {
    leader: r.leader,
    fields: r.fields.map((f) => {
      if (f.length === 2 && f[0] < '010') return { tag: f[0], value: f[1] };
      const subfields: [string, string][] = [];
      for (let i = 2; i + 1 < f.length; i += 2) subfields.push([f[i], f[i + 1].normalize('NFC')]);
      return { tag: f[0], ind1: (f[1] ?? ' ')[0] ?? ' ', ind2: (f[1] ?? '  ')[1] ?? ' ', subfields };
    }),
  };
}

/** Every record of an ISO 2709 file, each checked on its own (a broken one does not hide the others). */
export function readIso2709(data: Buffer): ReadRecord[] {
  const out: ReadRecord[] = [];
  let start = 0;
  let n = 0;
  while (start < data.length) {
    // Line breaks or padding between records (some exports add them) are not records.
    while (start < data.length && (data[start] === 0x0a || data[start] === 0x0d || data[start] === 0x20 || data[start] === 0x1a)) start++;
    if (start >= data.length) break;
    let end = data.indexOf(RECORD_END, start);
    if (end < 0) end = data.length - 1;
    const raw = data.subarray(start, end + 1);
    start = end + 1;
    n++;
    const problem = iso2709Problem(raw);
    if (problem) {
      out.push({ n, error: problem });
      continue;
    }
    const leader = raw.toString('latin1', 0, 24);
    const encoding = encodingProblem(leader, raw);
    if (encoding) {
      out.push({ n, error: encoding });
      continue;
    }
    out.push({ n, record: fromMarcjs(marcjs.Iso2709Parser.parse(raw)) });
  }
  return out;
}

const LEADER_PATTERN = /^[\d ]{5}[\dA-Za-z ][\dA-Za-z][\dA-Za-z ]{3}[2 ][2 ][\d ]{5}[\dA-Za-z ]{3}(4500| {4})$/;

/**
 * Every record of a MARCXML document (a `collection` or a single `record`, with or without a prefix
 * such as `marc:`), read by a strict XML parser. A document that is not well-formed XML is refused as a
 * whole, naming the line; a record whose leader is broken is named "Bản ghi N".
 */
export function readMarcxml(text: string): ReadRecord[] {
  const out: ReadRecord[] = [];
  const parser = new SaxesParser({ xmlns: true, position: true });
  let record: MarcRecord | null = null;
  let field: MarcField | null = null;
  let sub: [string, string] | null = null;
  let textTarget: 'leader' | 'control' | 'sub' | null = null;
  let buffer = '';
  let n = 0;
  const isMarc = (uri: string) => uri === MARCXML_NS || uri === '';
  parser.on('opentag', (node) => {
    if (!isMarc(node.uri)) return;
    const attr = (name: string) => {
      const a = node.attributes[name];
      return typeof a === 'string' ? a : (a?.value ?? '');
    };
    switch (node.local) {
      case 'record':
        n++;
        record = { leader: '', fields: [] };
        break;
      case 'leader':
        textTarget = 'leader';
        buffer = '';
        break;
      case 'controlfield':
        field = { tag: attr('tag'), value: '' };
        textTarget = 'control';
        buffer = '';
        break;
      case 'datafield':
        field = { tag: attr('tag'), ind1: attr('ind1') || ' ', ind2: attr('ind2') || ' ', subfields: [] };
        break;
      case 'subfield':
        sub = [attr('code'), ''];
        textTarget = 'sub';
        buffer = '';
        break;
    }
  });
  parser.on('text', (t) => {
    if (textTarget) buffer += t;
  });
  parser.on('closetag', (node) => {
    if (!isMarc(node.uri)) return;
    switch (node.local) {
      case 'leader':
        if (record) record.leader = buffer;
        textTarget = null;
        break;
      case 'controlfield':
        if (record && field) record.fields.push({ ...field, value: buffer });
        field = null;
        textTarget = null;
        break;
      case 'subfield':
        if (field?.subfields && sub) field.subfields.push([sub[0], buffer.normalize('NFC')]);
        sub = null;
        textTarget = null;
        break;
      case 'datafield':
        if (record && field) record.fields.push(field);
        field = null;
        break;
      case 'record':
        if (record) {
          const r: MarcRecord = record;
          if (!LEADER_PATTERN.test(r.leader)) out.push({ n, error: `đầu biểu (leader) hỏng: "${r.leader}" (cần 24 ký tự theo MARC 21)` });
          else if (r.leader[9] !== 'a' && r.leader[9] !== ' ') out.push({ n, error: `đầu biểu ghi bảng mã "${r.leader[9]}" ở vị trí 09; chỉ nhận "a" (UTF-8)` });
          else out.push({ n, record: r });
        }
        record = null;
        break;
    }
  });
  try {
    parser.write(text.replace(/^\uFEFF/, '')).close();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('MARC_INVALID', `Tệp MARCXML không đúng cú pháp XML ở dòng ${parser.line}: ${xmlProblem(detail)}. Không nhập bản ghi nào.`, { detail });
  }
  return out;
}

/** saxes' English complaint, said in Vietnamese (the commonest ones; the rest as a plain "lỗi cú pháp"). */
function xmlProblem(detail: string): string {
  if (/unclosed tag/i.test(detail)) return `thẻ <${/unclosed tag: (\S+)/i.exec(detail)?.[1] ?? ''}> mở mà chưa đóng (tệp bị cắt cụt?)`;
  if (/unexpected close tag|unmatched closing tag/i.test(detail)) return 'thẻ đóng không khớp với thẻ mở';
  if (/text data outside of root node|document must contain a root element/i.test(detail)) return 'không có phần tử gốc <collection> hoặc <record>';
  if (/disallowed character|invalid character/i.test(detail)) return 'có ký tự không được phép trong XML';
  return 'lỗi cú pháp XML';
}

/** Reads a MARC file's bytes in the format its name says. */
export function readMarcFile(fileName: string, data: Buffer): { format: MarcFormat; records: ReadRecord[] } {
  const format = marcFormatOf(fileName);
  if (format === 'marcxml') return { format, records: readMarcxml(data.toString('utf8')) };
  return { format, records: readIso2709(data) };
}
