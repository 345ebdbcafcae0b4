import {
  ATTACHMENT_LIMITS,
  type ACCEPTED_TYPES,
  safeFileName,
  sniffType,
} from '../../src/domain/files/sniff.ts';
import type { Problem } from '../../src/domain/errors.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

/** A file as it arrived, before any check. */
export interface IncomingFile {
  /** Index of the dossier component in the procedure's `documents`. */
  documentIndex: number;
  name: string;
  bytes: Uint8Array;
}

export interface CheckedFile {
  documentIndex: number;
  documentName: string;
  fileName: string;
  contentType: keyof typeof ACCEPTED_TYPES;
  bytes: Uint8Array;
}

/**
 * Where virus scanning plugs in. The default accepts everything; a deployment
 * that has a scanner (for example a service binding to one, or an HTTP API)
 * implements `scan` and wires it in functions/worker.ts. See docs/deploy.md.
 */
export interface AttachmentScanner {
  scan(file: CheckedFile): Promise<'clean' | 'infected'>;
}
export const noScanner: AttachmentScanner = { scan: async () => 'clean' };

/**
 * Checks attachments against the procedure: type from the content, size per file
 * and per dossier, number of files, and the required components when the
 * procedure asks for uploads. Problems are at `attachments.<component index>` (the form
 * shows them at its input tep-N).
 */
export function checkAttachments(
  procedure: Procedure,
  files: readonly IncomingFile[],
): {
  files: CheckedFile[];
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const done = () => ({ files: problems.length > 0 ? [] : checked, problems });
  const checked: CheckedFile[] = [];
  const mode = procedure.onlineForm?.attachments ?? 'optional';
  const present = files.filter((f) => f.bytes.byteLength > 0);
  if (mode === 'none' && present.length > 0) {
    problems.push({
      path: 'attachments.0',
      message: 'Thủ tục này không nhận tệp đính kèm khi nộp trực tuyến',
    });
    return done();
  }
  if (present.length > ATTACHMENT_LIMITS.files) {
    problems.push({
      path: 'attachments.0',
      message: `Chỉ đính kèm tối đa ${ATTACHMENT_LIMITS.files} tệp`,
    });
  }
  let total = 0;
  for (const file of present) {
    const path = `attachments.${file.documentIndex}`;
    const document = procedure.documents[file.documentIndex];
    if (!document) {
      problems.push({ path, message: 'Tệp không gắn với thành phần hồ sơ nào của thủ tục' });
      continue;
    }
    if (file.bytes.byteLength > ATTACHMENT_LIMITS.fileBytes) {
      problems.push({
        path,
        message: `${document.name}: tệp lớn hơn 5 MB; hãy chụp hoặc quét với độ phân giải thấp hơn`,
      });
      continue;
    }
    const type = sniffType(file.bytes);
    if (!type) {
      problems.push({ path, message: `${document.name}: chỉ nhận tệp PDF, JPG hoặc PNG` });
      continue;
    }
    total += file.bytes.byteLength;
    checked.push({
      documentIndex: file.documentIndex,
      documentName: document.name,
      fileName: safeFileName(file.name, type),
      contentType: type,
      bytes: file.bytes,
    });
  }
  if (total > ATTACHMENT_LIMITS.dossierBytes) {
    problems.push({ path: 'attachments.0', message: 'Tổng dung lượng các tệp vượt quá 15 MB' });
  }
  if (mode === 'required') {
    procedure.documents.forEach((d, i) => {
      if (
        !d.condition &&
        d.originals + d.copies > 0 &&
        !present.some((f) => f.documentIndex === i)
      ) {
        problems.push({
          path: `attachments.${i}`,
          message: `Cần tải lên ${d.name.charAt(0).toLowerCase()}${d.name.slice(1)}`,
        });
      }
    });
  }
  return done();
}

export async function sha256Bytes(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
