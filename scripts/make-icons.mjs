// Draws the tray and app icons (an archive box) and writes them as PNGs, with no image library:
// run `node scripts/make-icons.mjs` after changing the glyph. Plain JS so it runs without a build.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const GLYPH = [214, 217, 222]; // light grey: readable on dark and mid-grey panels
const BACKDROP = [30, 34, 42]; // the app icon's tile, the window's dark theme

// The glyph on a 16-unit grid: a lid, a box, and a handle slot cut out of the box.
function inGlyph(x, y) {
  const lid = x >= 1 && x < 15 && y >= 2 && y < 5;
  const box = x >= 2 && x < 14 && y >= 6 && y < 14;
  const slot = x >= 6 && x < 10 && y >= 8 && y < 9.5;
  return lid || (box && !slot);
}

function inRoundedSquare(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** RGBA pixels; coverage is sampled 4x4 per pixel so edges are smooth at every size. */
function draw(size, { backdrop }) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  const glyphSize = backdrop ? size * 0.625 : size;
  const offset = (size - glyphSize) / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let glyphHits = 0;
      let tileHits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          const gx = ((x - offset) / glyphSize) * 16;
          const gy = ((y - offset) / glyphSize) * 16;
          if (inGlyph(gx, gy)) glyphHits++;
          if (backdrop && inRoundedSquare(x, y, size, size * 0.1875)) tileHits++;
        }
      }
      const n = samples * samples;
      const glyphA = glyphHits / n;
      const tileA = tileHits / n;
      // Glyph over tile ("over" compositing); without a tile the glyph sits on transparency.
      const a = glyphA + tileA * (1 - glyphA);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        const value = a === 0 ? 0 : (GLYPH[c] * glyphA + BACKDROP[c] * tileA * (1 - glyphA)) / a;
        pixels[i + c] = Math.round(value);
      }
      pixels[i + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each scanline starts with its filter type; 0 (none) is enough for icons this small.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outputs = [
  ['tray-icon.png', 16, { backdrop: false }],
  ['tray-icon@2x.png', 32, { backdrop: false }],
  ['icon.png', 256, { backdrop: true }],
];
for (const [name, size, options] of outputs) {
  writeFileSync(join(here, name), encodePng(size, draw(size, options)));
  console.log(`wrote resources/${name} (${size}x${size})`);
}
