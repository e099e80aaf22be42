import { badInput } from '@smss/core';

/** Evidence files: which kinds are accepted, and how a file proves it is what its name says. */

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

interface Kind {
  contentType: string;
  /** The file's first bytes (null: text, checked as UTF-8 instead). */
  magic: number[][] | null;
}

const ZIP = [[0x50, 0x4b, 0x03, 0x04]];
const KINDS: Record<string, Kind> = {
  pdf: { contentType: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  png: { contentType: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  jpg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP },
  csv: { contentType: 'text/csv; charset=utf-8', magic: null },
  txt: { contentType: 'text/plain; charset=utf-8', magic: null },
};

export const EVIDENCE_EXTENSIONS = Object.keys(KINDS);

/**
 * The content type of an evidence file, from its extension and checked against its content: the first
 * bytes of a PDF, PNG, JPEG or ZIP (XLSX, DOCX), valid UTF-8 for CSV and text. Anything else — a wrong
 * extension, a renamed executable, an empty or too large file, a name with a path or control
 * characters — is BAD_USER_INPUT with a Thai message.
 */
export function evidenceKind(fileName: string, content: Buffer): { fileName: string; contentType: string } {
  const name = fileName.trim().normalize('NFC');
  if (!name || name.length > 200 || /[\\/]/.test(name) || hasControl(name, false))
    throw badInput(
      'The file name must be 1–200 characters without a path',
      'ชื่อไฟล์ต้องยาว 1–200 ตัวอักษร และไม่มีเส้นทางโฟลเดอร์',
    );
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const kind = KINDS[ext];
  if (!kind)
    throw badInput(
      `Evidence must be one of: ${EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(', ')}`,
      `ไฟล์หลักฐานต้องเป็นไฟล์ ${EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(' ')} เท่านั้น`,
    );
  if (content.length === 0)
    throw badInput('The evidence file is empty', 'ไฟล์หลักฐานว่างเปล่า');
  if (content.length > MAX_EVIDENCE_BYTES)
    throw badInput(
      `Evidence files are at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`,
      `ไฟล์หลักฐานมีขนาดได้ไม่เกิน ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`,
    );
  const ok = kind.magic
    ? kind.magic.some((m) => m.every((b, i) => content[i] === b))
    : isUtf8Text(content);
  if (!ok)
    throw badInput(
      `The content is not a .${ext} file`,
      `เนื้อหาไฟล์ไม่ตรงกับชนิดไฟล์ .${ext}`,
    );
  return { fileName: name, contentType: kind.contentType };
}

/** C0 controls and DEL; text files may keep TAB, LF, VT, FF and CR. */
function hasControl(text: string, allowLayout: boolean): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x7f || (c < 0x20 && !(allowLayout && c >= 0x09 && c <= 0x0d))) return true;
  }
  return false;
}

function isUtf8Text(content: Buffer): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    return !hasControl(text, true);
  } catch {
    return false;
  }
}

/** base64 text to bytes, refusing anything that is not base64 (so a typo never stores garbage). */
export function decodeBase64(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0)
    throw badInput('contentBase64 is not base64', 'contentBase64 ไม่ใช่ข้อมูล base64');
  return Buffer.from(clean, 'base64');
}
