import yauzl from 'yauzl';
import { TableFileError, type TableLimits } from './limits';

/**
 * The ZIP side of an XLSX, with the two walls against inflation bombs:
 * 1. before anything is inflated, the central directory is read (entry count, and the sum of every
 *    part's declared uncompressed size against `maxInflatedBytes`), and each part's local header must
 *    agree with it;
 * 2. while inflating, yauzl's `validateEntrySizes` stops a part that produces more bytes than it
 *    declared (headers can lie), and our own counter stops the total at `maxInflatedBytes`.
 * yauzl reads from the buffer: nothing touches the disk.
 */
export interface OpenedZip {
  zip: yauzl.ZipFile;
  /** Part name (as in the archive, forward slashes) → entry. */
  parts: Map<string, yauzl.Entry>;
  declaredBytes: number;
}

const unreadable = () => new TableFileError({ kind: 'unreadable', format: 'xlsx' });
const NO_SIZE = 0xffffffff;

export async function openZip(
  buffer: Buffer,
  limits: Pick<TableLimits, 'maxFileBytes' | 'maxInflatedBytes' | 'maxEntries'>,
): Promise<OpenedZip> {
  if (buffer.length > limits.maxFileBytes) {
    throw new TableFileError({
      kind: 'limit',
      limit: 'maxFileBytes',
      allowed: limits.maxFileBytes,
      found: buffer.length,
    });
  }
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { validateEntrySizes: true, decodeStrings: true });
  } catch {
    throw unreadable();
  }
  if (zip.entryCount > limits.maxEntries) {
    throw new TableFileError({ kind: 'limit', limit: 'maxEntries', allowed: limits.maxEntries });
  }
  const parts = new Map<string, yauzl.Entry>();
  let declaredBytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      declaredBytes += entry.uncompressedSize;
      parts.set(entry.fileName, entry);
    }
  } catch (error) {
    // yauzl checks stored (uncompressed) parts here: "compressed/uncompressed size mismatch".
    if (/size mismatch/i.test(String((error as Error)?.message))) {
      throw new TableFileError({ kind: 'sizeMismatch' });
    }
    throw unreadable();
  }
  if (declaredBytes > limits.maxInflatedBytes) {
    throw new TableFileError({
      kind: 'limit',
      limit: 'maxInflatedBytes',
      allowed: limits.maxInflatedBytes,
      found: declaredBytes,
    });
  }
  return { zip, parts, declaredBytes };
}

/** Inflated bytes over all parts read from one archive. */
export class InflateBudget {
  private used = 0;
  constructor(private readonly allowed: number) {}
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.allowed) {
      throw new TableFileError({ kind: 'limit', limit: 'maxInflatedBytes', allowed: this.allowed });
    }
  }
}

/** The inflated bytes of one part, chunk by chunk, within the budget; never the whole part at once. */
export async function* readPart(
  opened: OpenedZip,
  entry: yauzl.Entry,
  budget: InflateBudget,
): AsyncGenerator<Buffer> {
  if (!entry.canDecodeFileData()) throw unreadable();
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    const local = await opened.zip.readLocalFileHeaderPromise(entry);
    // Without a data descriptor (bit 3) the local header repeats the sizes: they must agree.
    const described = (local.generalPurposeBitFlag & 0x8) !== 0;
    if (
      !described &&
      local.uncompressedSize !== NO_SIZE &&
      (local.uncompressedSize !== entry.uncompressedSize || local.compressedSize !== entry.compressedSize)
    ) {
      throw new TableFileError({ kind: 'sizeMismatch' });
    }
    stream = (await opened.zip.openReadStreamPromise(entry)) as typeof stream;
  } catch (error) {
    if (error instanceof TableFileError) throw error;
    throw unreadable();
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      budget.take(chunk.length);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof TableFileError) throw error;
    // yauzl: "too many bytes in the stream" / "not enough bytes in the stream" (validateEntrySizes).
    if (/bytes in the stream/i.test(String((error as Error)?.message))) {
      throw new TableFileError({ kind: 'sizeMismatch' });
    }
    throw unreadable();
  } finally {
    stream.destroy();
  }
}
