// Renders one page of a PDF with MuPDF (WebAssembly, from npm: no system tools needed) and prints JSON:
// the page's text, its size in pixels and the dark pixels per row and column. Writes the page as PNG when
// asked. ESM only (mupdf is an ES module), so tests run it as a child process.
// Usage: node render-pdf.mjs <file.pdf> [page=0] [out.png] [scale=2]
import { readFileSync, writeFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

const [file, pageArg = '0', png, scaleArg = '2'] = process.argv.slice(2);
const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
const page = doc.loadPage(Number(pageArg));
const scale = Number(scaleArg);
const pix = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
if (png) writeFileSync(png, pix.asPNG());
const width = pix.getWidth();
const height = pix.getHeight();
const samples = pix.getPixels();
const stride = pix.getStride();
const rows = new Array(height).fill(0);
const cols = new Array(width).fill(0);
for (let y = 0; y < height; y += 1)
  for (let x = 0; x < width; x += 1)
    if (samples[y * stride + x] < 128) {
      rows[y] += 1;
      cols[x] += 1;
    }
const text = page.toStructuredText('preserve-whitespace').asText();
process.stdout.write(JSON.stringify({ pages: doc.countPages(), width, height, text, rows, cols }));
