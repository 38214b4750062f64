/**
 * What the composer accepts as an attachment: at most 10 MB a file (uploadLimits), and nothing that
 * runs when opened (executables, installers, scripts), judged by both the name and the type. Pure.
 */
import { uploadLimits } from '@rapport/contracts/composer';

const refusedExtensions = new Set([
  'exe', 'com', 'bat', 'cmd', 'scr', 'pif', 'msi', 'msp', 'cpl', 'dll', 'jar', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'psm1', 'hta', 'lnk', 'reg', 'sh', 'app', 'apk',
]);
const refusedTypes = new Set([
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-ms-installer',
  'application/x-msi',
  'application/x-sh',
  'application/x-executable',
  'application/java-archive',
  'application/javascript',
  'text/javascript',
  'application/hta',
  'application/vnd.microsoft.portable-executable',
]);

type UploadVerdict = { ok: true; contentType: string } | { ok: false; reason: string };

export function checkUpload(filename: string, contentType: string, size: number): UploadVerdict {
  if (size === 0) return { ok: false, reason: 'The file is empty.' };
  if (size > uploadLimits.maxBytes) return { ok: false, reason: `The file is larger than ${uploadLimits.maxBytes / (1024 * 1024)} MB.` };
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase() || 'application/octet-stream';
  const extension = filename.includes('.') ? (filename.split('.').pop() ?? '').toLowerCase() : '';
  if (refusedExtensions.has(extension) || refusedTypes.has(type)) {
    return { ok: false, reason: 'Programs and scripts cannot be attached; send a link or a zip archive instead.' };
  }
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type)) return { ok: false, reason: 'The file type is not valid.' };
  return { ok: true, contentType: type };
}
