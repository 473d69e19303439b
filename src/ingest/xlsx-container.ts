import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/**
 * An .xlsx workbook's zip container, read with random access (yauzl) from a temporary
 * copy of the upload: the parts are read in the order the hub needs them (the sheet list,
 * then the shared strings, then the one sheet wanted), whatever order the file stores
 * them in, and a sheet that is not wanted is never read. (A streaming zip reader must
 * take the parts in stored order, spooling sheets that come before the shared strings, as
 * Excel writes them; the one exceljs uses could also end a valid workbook early.)
 */
export class XlsxContainer {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly dir: string,
  ) {}

  /** Copies the input to a temporary file and reads its directory; throws if it is not a zip archive. */
  static async open(input: Readable): Promise<XlsxContainer> {
    const dir = await mkdtemp(path.join(tmpdir(), 'hub-xlsx-'));
    try {
      const file = path.join(dir, 'workbook.xlsx');
      await pipeline(input, createWriteStream(file, { mode: 0o600 }));
      const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, z) => (err ? reject(err) : resolve(z))),
      );
      const entries = new Map<string, yauzl.Entry>();
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (e: yauzl.Entry) => {
          entries.set(e.fileName.replace(/^\/+/, ''), e);
          zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', reject);
        zip.readEntry();
      });
      return new XlsxContainer(zip, entries, dir);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's bytes as they are inflated. */
  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`the workbook has no part ${name}`);
    return new Promise((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
    );
  }

  /** A small part (the sheet list, relationships) as text. */
  async text(name: string, limit = 16 << 20): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of await this.stream(name)) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new Error(`the workbook part ${name} is larger than ${limit} bytes`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async close(): Promise<void> {
    this.zip.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
