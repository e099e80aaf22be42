import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import type yauzl from 'yauzl';
import { TableBudget, TableFileError, type TableLimits } from './limits';
import { InflateBudget, openZip, readPart, type OpenedZip } from './zip';

/**
 * The first worksheet of an XLSX as rows of strings, read as a stream: each part is inflated chunk
 * by chunk (within the inflation budget) into a SAX parser (saxes: no DTD, no entity expansion), and
 * rows and cells are counted as they appear. Nothing builds a workbook model, so memory follows the
 * cells kept, not the size of the XML.
 *
 * Values read as ExcelJS + the old import code read them: shared, inline and rich strings as their
 * text; numbers as `String(number)`; booleans as `true`/`false`; formulas as their cached result;
 * numbers with a date format (built-in or custom, Thai and Buddhist-year codes included) as an ISO
 * date `YYYY-MM-DD` (1900 or 1904 date system as the workbook says).
 */
export async function readXlsxRows(content: Buffer, limits: TableLimits): Promise<string[][]> {
  const opened = await openZip(content, limits);
  try {
    return await readWorkbook(opened, limits);
  } catch (error) {
    if (error instanceof TableFileError) throw error;
    throw new TableFileError({ kind: 'unreadable', format: 'xlsx' });
  } finally {
    opened.zip.close();
  }
}

const OFFICE_DOCUMENT = /\/officeDocument$/;
const WORKSHEET = /\/worksheet$/;
const SHARED_STRINGS = /\/sharedStrings$/;
const STYLES = /\/styles$/;

/** Local element name: `x:row` → `row` (some writers prefix the SpreadsheetML namespace). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

type Attributes = Record<string, string>;
interface XmlHandlers {
  open?(name: string, attributes: Attributes): void;
  close?(name: string): void;
  text?(text: string): void;
}

async function parseXml(chunks: AsyncIterable<Buffer>, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ position: false });
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => handlers.open?.(local(tag.name), tag.attributes as Attributes));
  parser.on('closetag', (tag) => handlers.close?.(local(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    parser.write(decoder.write(chunk));
    if (failure) throw failure;
  }
  parser.write(decoder.end());
  parser.close();
  if (failure) throw failure;
}

/** Relationship id → { type, part name resolved against the source part's folder }. */
async function readRelationships(
  opened: OpenedZip,
  budget: InflateBudget,
  sourcePart: string,
): Promise<Map<string, { type: string; target: string }>> {
  const dir = path.posix.dirname(sourcePart);
  const relsPart = path.posix.join(
    dir === '.' ? '' : dir,
    '_rels',
    `${path.posix.basename(sourcePart)}.rels`,
  );
  const relationships = new Map<string, { type: string; target: string }>();
  const entry = findPart(opened, relsPart);
  if (!entry) return relationships;
  await parseXml(readPart(opened, entry, budget), {
    open(name, a) {
      if (name !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/')
        ? a.Target.slice(1)
        : path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, a.Target));
      relationships.set(a.Id, { type: a.Type ?? '', target });
    },
  });
  return relationships;
}

function findPart(opened: OpenedZip, name: string): yauzl.Entry | undefined {
  const exact = opened.parts.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [key, entry] of opened.parts) if (key.toLowerCase() === lower) return entry;
  return undefined;
}

const byType = (rels: Map<string, { type: string; target: string }>, type: RegExp) =>
  [...rels.values()].find((r) => type.test(r.type))?.target;

async function readWorkbook(opened: OpenedZip, limits: TableLimits): Promise<string[][]> {
  const budget = new InflateBudget(limits.maxInflatedBytes);
  const rootRels = await readRelationships(opened, budget, '');
  const workbookPart = byType(rootRels, OFFICE_DOCUMENT) ?? 'xl/workbook.xml';
  const workbookEntry = findPart(opened, workbookPart);
  if (!workbookEntry) throw new TableFileError({ kind: 'unreadable', format: 'xlsx' });
  const rels = await readRelationships(opened, budget, workbookPart);

  let date1904 = false;
  const sheetIds: string[] = [];
  await parseXml(readPart(opened, workbookEntry, budget), {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') {
        const id = Object.entries(a).find(([k]) => k.includes(':') && local(k) === 'id')?.[1];
        if (id) sheetIds.push(id);
      }
    },
  });
  const firstSheet = sheetIds.map((id) => rels.get(id)).find((r) => r && WORKSHEET.test(r.type));
  const sheetEntry = firstSheet && findPart(opened, firstSheet.target);
  if (!sheetEntry) throw new TableFileError({ kind: 'noSheet' });

  const stylesPart = byType(rels, STYLES);
  const stylesEntry = stylesPart ? findPart(opened, stylesPart) : undefined;
  const dateStyles = stylesEntry ? await readDateStyles(opened, stylesEntry, budget) : new Set<number>();
  const sharedPart = byType(rels, SHARED_STRINGS);
  const sharedEntry = sharedPart ? findPart(opened, sharedPart) : undefined;
  const shared = sharedEntry ? await readSharedStrings(opened, sharedEntry, budget) : [];

  return readSheet(opened, sheetEntry, budget, new TableBudget(limits), { shared, dateStyles, date1904 });
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30; 27–36 and 50–58 East Asian, 71–81 Thai). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

/** A custom format code shows a date when, outside quotes, brackets and escapes, it has date/time letters. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
  // y m d h s (any case), b = Buddhist year; ว ด ป = Thai day, month, year codes.
  return /[ymdhsb]/i.test(bare) || /[วดป]/.test(bare);
}

/** Indexes of cell formats (cellXfs) whose number format is a date. */
async function readDateStyles(
  opened: OpenedZip,
  entry: yauzl.Entry,
  budget: InflateBudget,
): Promise<Set<number>> {
  const customCodes = new Map<number, string>();
  const formatOfXf: number[] = [];
  let inCellXfs = false;
  await parseXml(readPart(opened, entry, budget), {
    open(name, a) {
      if (name === 'numFmt' && a.numFmtId) customCodes.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formatOfXf.push(Number(a.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  const dates = new Set<number>();
  formatOfXf.forEach((id, xf) => {
    const code = customCodes.get(id);
    if (code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id)) dates.add(xf);
  });
  return dates;
}

/** Shared strings in order; rich text runs joined; phonetic runs (rPh) left out. */
async function readSharedStrings(
  opened: OpenedZip,
  entry: yauzl.Entry,
  budget: InflateBudget,
): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  await parseXml(readPart(opened, entry, budget), {
    open(name) {
      if (name === 'si') current = [];
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    close(name) {
      if (name === 'si') {
        strings.push(current ? current.join('') : '');
        current = null;
      } else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (inText && current) current.push(text);
    },
  });
  return strings;
}

/** 1-based column number of an A1 reference ("AB12" → 28), or 0 when there is none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let n = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const isoDate = (date: Date) => (Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10));

/** Excel serial day number → Date (as ExcelJS: 25569 = 1970-01-01 in the 1900 system; 1904 adds 1462 days). */
const excelToDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

interface SheetContext {
  shared: string[];
  dateStyles: Set<number>;
  date1904: boolean;
}

async function readSheet(
  opened: OpenedZip,
  entry: yauzl.Entry,
  inflate: InflateBudget,
  table: TableBudget,
  ctx: SheetContext,
): Promise<string[][]> {
  const rows: string[][] = [];
  let rowNumber = 0;
  let cells: string[] | null = null;
  let column = 0;
  let cell: { type: string; style: number; value: string; inline: string[] } | null = null;
  let reading: 'v' | 'is-t' | null = null;
  let inInline = false;
  let inPhonetic = false;

  const valueOf = (c: NonNullable<typeof cell>): string => {
    switch (c.type) {
      case 's':
        return ctx.shared[Number(c.value)] ?? '';
      case 'inlineStr':
        return c.inline.join('');
      case 'str':
      case 'e':
        return c.value;
      case 'b':
        return c.value === '' ? '' : c.value === '1' || c.value === 'true' ? 'true' : 'false';
      case 'd':
        return c.value === '' ? '' : isoDate(new Date(c.value));
      default: {
        if (c.value === '') return '';
        const n = Number(c.value);
        if (!Number.isFinite(n)) return c.value;
        return ctx.dateStyles.has(c.style) ? isoDate(excelToDate(n, ctx.date1904)) : String(n);
      }
    }
  };

  await parseXml(readPart(opened, entry, inflate), {
    open(name, a) {
      switch (name) {
        case 'row': {
          rowNumber = a.r ? Number(a.r) : rowNumber + 1;
          if (!Number.isInteger(rowNumber) || rowNumber < 1)
            throw new TableFileError({ kind: 'unreadable', format: 'xlsx' });
          table.checkRow(rowNumber);
          cells = [];
          column = 0;
          break;
        }
        case 'c':
          column = columnOf(a.r) || column + 1;
          cell = { type: a.t ?? 'n', style: Number(a.s ?? 0), value: '', inline: [] };
          break;
        case 'v':
          if (cell) reading = 'v';
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (cell && inInline && !inPhonetic) reading = 'is-t';
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          reading = null;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
        case 'c': {
          if (cell && cells) {
            const text = valueOf(cell);
            if (text !== '') {
              table.checkCell(rowNumber, column, text);
              while (cells.length < column - 1) cells.push('');
              cells[column - 1] = text;
            }
          }
          cell = null;
          break;
        }
        case 'row':
          if (cells) {
            table.commitRow(cells.length);
            rows[rowNumber - 1] = cells;
          }
          cells = null;
          break;
      }
    },
    text(text) {
      if (!cell) return;
      if (reading === 'v') cell.value += text;
      else if (reading === 'is-t') cell.inline.push(text);
    },
  });
  return Array.from(rows, (r) => r ?? []);
}
