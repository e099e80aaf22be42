import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where attachment bytes live: outside the database row, addressed by their SHA-256. */
export interface BlobStore {
  /** Store bytes durably (written, flushed and renamed into place); returns their SHA-256 (hex). */
  put(bytes: Buffer): Promise<string>;
  /** The bytes of a SHA-256, checked against it (a damaged file is an error, never silently served). */
  get(sha256: string): Promise<Buffer>;
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A directory of content-addressed files (`ab/cd/abcd…`): the same file uploaded twice is stored once.
 * Each write goes to a temporary file in the target directory, is fsynced, then renamed, so a crash never
 * leaves a half-written blob under a real name. Mount a persistent volume there in production.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Of(bytes);
    const target = this.pathOf(sha256);
    const exists = await stat(target).then(
      (s) => s.size === bytes.length,
      () => false,
    );
    if (exists) return sha256;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target).catch(async (error) => {
      await rm(temp, { force: true });
      throw error;
    });
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(sha256));
    if (sha256Of(bytes) !== sha256) throw new Error(`attachment ${sha256} is damaged`);
    return bytes;
  }
}
