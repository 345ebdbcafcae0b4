/**
 * File types accepted as attachments, recognised from their first bytes (the
 * name and the declared type are not trusted).
 */

export const ACCEPTED_TYPES = {
  'application/pdf': { label: 'PDF', extension: 'pdf' },
  'image/jpeg': { label: 'JPEG', extension: 'jpg' },
  'image/png': { label: 'PNG', extension: 'png' },
} as const;

export type AcceptedType = keyof typeof ACCEPTED_TYPES;

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((byte, i) => bytes[i] === byte);

/** The real type of a file from its content, or undefined when it is not accepted. */
export function sniffType(bytes: Uint8Array): AcceptedType | undefined {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/**
 * A file name safe to store and to offer back for download: no path, no control
 * or reserved characters, at most 120 characters, with the extension of its real type.
 */
export function safeFileName(name: string, type: AcceptedType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\.[^.]*$/, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 100);
  return `${base || 'tep'}.${ACCEPTED_TYPES[type].extension}`;
}

export const ATTACHMENT_LIMITS = {
  /** Per file. */
  fileBytes: 5 * 1024 * 1024,
  /** All files of one dossier together. */
  dossierBytes: 15 * 1024 * 1024,
  files: 10,
} as const;
