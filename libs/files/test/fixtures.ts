/**
 * Files built in the tests (no binaries committed): a minimal ZIP writer that can lie in its headers,
 * and a valid XLSX skeleton around any sheet XML.
 */
import { deflateRawSync, createDeflateRaw } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(chunks: Iterable<Buffer>): number {
  let crc = 0xffffffff;
  for (const data of chunks) for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface ZipPart {
  name: string;
  /** Deflated bytes (method 8) of `size` inflated bytes with checksum `crc`. */
  deflated: Buffer;
  size: number;
  crc: number;
  /** Sizes to write instead of the true one. */
  lie?: { central?: number; local?: number };
}

export const part = (name: string, text: string | Buffer): ZipPart => {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, deflated: deflateRawSync(data, { level: 9 }), size: data.length, crc: crc32([data]) };
};

/**
 * A part of `size` bytes made of `unit` repeated (plus `head` and `tail`), deflated as a stream so
 * the whole inflated text never exists in memory: 64 MB of XML becomes about 64 KB.
 */
export async function repeatedPart(
  name: string,
  head: string,
  unit: string,
  times: number,
  tail: string,
): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const headBuf = Buffer.from(head);
  const tailBuf = Buffer.from(tail);
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor(65536 / unit.length))));
  const perBlock = block.length / Buffer.byteLength(unit);
  deflate.write(headBuf);
  let left = times;
  let size = headBuf.length;
  while (left > 0) {
    const n = Math.min(left, perBlock);
    const chunk = n === perBlock ? block : Buffer.from(unit.repeat(n));
    size += chunk.length;
    left -= n;
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.write(tailBuf);
  size += tailBuf.length;
  deflate.end();
  await done;
  // CRC left 0: neither yauzl nor JSZip (ExcelJS) checks it, and a JS CRC over 64 MB is slow.
  return { name, deflated: Buffer.concat(out), size, crc: 0 };
}

/** A ZIP archive (no data descriptors, no ZIP64) of the parts, with any lies they ask for. */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(p.lie?.local ?? p.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(p.crc, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(p.lie?.central ?? p.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + p.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a valid one-sheet workbook around `sheet` (a part named xl/worksheets/sheet1.xml). */
export function workbookParts(sheet: ZipPart): ZipPart[] {
  return [
    part(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    part(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    sheet,
  ];
}

export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * The kind of file: a valid workbook of tens of kilobytes whose one sheet inflates to `mb`
 * MB — the same one-cell row repeated, each followed by `padding` spaces (more padding, fewer rows,
 * a better compression ratio: 16 KB of padding gives about 77 KB for 64 MB).
 */
export async function inflatingWorkbook(mb: number, padding = 0): Promise<Buffer> {
  const unit = `<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>${' '.repeat(padding)}`;
  const times = Math.floor((mb * 1024 * 1024 - SHEET_HEAD.length - SHEET_TAIL.length) / unit.length);
  const sheet = await repeatedPart('xl/worksheets/sheet1.xml', SHEET_HEAD, unit, times, SHEET_TAIL);
  return zip(workbookParts(sheet));
}
