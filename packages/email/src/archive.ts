/**
 * Decompression bombs. Rapport never unpacks archives: zip, gzip and the rest are opaque
 * attachments, served as downloads. MIME transfer encodings (base64, quoted-printable) only ever
 * shrink on decoding, and mailparser inflates nothing, so parsing itself cannot be bombed. What we
 * do check, without decompressing, is what an archive declares about itself, because an agent who
 * downloads and opens it would be the victim: a zip whose central directory declares more than
 * `maxDeclaredArchiveBytes` in all, or an entry with a compression ratio above `maxArchiveRatio`
 * (deflate cannot exceed ~1,032:1, so such an entry is crafted), or a gzip whose trailer declares
 * such a ratio. Other formats (7z, rar, xz, bzip2) are not inspected.
 */
import { derivedViewLimits } from './limits.ts';

export interface ArchiveVerdict {
  isBomb: boolean;
  reason: string;
}

const ok: ArchiveVerdict = { isBomb: false, reason: '' };

function inspectZip(bytes: Buffer): ArchiveVerdict {
  // End of central directory: the last 22..65,557 bytes.
  const from = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let index = bytes.length - 22; index >= from; index -= 1) {
    if (bytes.readUInt32LE(index) === 0x06054b50) {
      eocd = index;
      break;
    }
  }
  if (eocd < 0) return ok;
  const entries = bytes.readUInt16LE(eocd + 10);
  let offset = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let entry = 0; entry < entries && offset + 46 <= bytes.length; entry += 1) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    const compressed = bytes.readUInt32LE(offset + 20);
    const uncompressed = bytes.readUInt32LE(offset + 24);
    if (uncompressed === 0xffffffff) return { isBomb: true, reason: 'a zip entry declares a zip64 size (4 GB or more)' };
    total += uncompressed;
    if (uncompressed > 10 * 1024 * 1024 && uncompressed / Math.max(1, compressed) > derivedViewLimits.maxArchiveRatio) {
      return { isBomb: true, reason: `a zip entry declares a compression ratio above ${derivedViewLimits.maxArchiveRatio}:1` };
    }
    if (total > derivedViewLimits.maxDeclaredArchiveBytes) return { isBomb: true, reason: 'a zip declares more than 1 GB of content' };
    offset += 46 + bytes.readUInt16LE(offset + 28) + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  return ok;
}

function inspectGzip(bytes: Buffer): ArchiveVerdict {
  if (bytes.length < 18) return ok;
  const declared = bytes.readUInt32LE(bytes.length - 4);
  if (declared > 10 * 1024 * 1024 && declared / bytes.length > derivedViewLimits.maxArchiveRatio) {
    return { isBomb: true, reason: `a gzip declares a compression ratio above ${derivedViewLimits.maxArchiveRatio}:1` };
  }
  return ok;
}

/** Inspects an attachment's declared archive sizes without decompressing anything. */
export function inspectArchive(content: Uint8Array): ArchiveVerdict {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return inspectZip(bytes);
  if (bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b) return inspectGzip(bytes);
  return ok;
}
