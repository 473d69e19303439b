import mammoth from 'mammoth';
import yauzl from 'yauzl';

/** The parts of a .docx (a zip of XML parts), read back as text: to check what a Word reader would see. */
export async function docxParts(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const parts = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          parts.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return parts;
}

/** The document body as HTML, as mammoth (a .docx reader) converts it: headings, tables, images. */
export async function docxHtml(bytes: Buffer): Promise<{ html: string; messages: string[] }> {
  const r = await mammoth.convertToHtml({ buffer: bytes });
  return { html: r.value, messages: r.messages.filter((m) => m.type === 'error').map((m) => m.message) };
}
