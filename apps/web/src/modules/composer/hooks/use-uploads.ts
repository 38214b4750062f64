import { useCallback, useEffect, useRef, useState } from 'react';
import { uploadLimits } from '@rapport/contracts/composer';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { composerApi, readAsBase64 } from '../composer-api.ts';

export interface ComposerFile {
  /** Local key; the upload id once stored. */
  key: string;
  uploadId: string | null;
  filename: string;
  size: number;
  state: 'uploading' | 'ready' | 'failed';
  error: string | null;
}

let localCounter = 0;

/**
 * Files attached in the composer (dropped, pasted or picked): each is uploaded at once and listed
 * with a remove button; sending passes the upload ids, and the server moves them to the message.
 */
export function useUploads(announce: (message: string) => void) {
  const [files, setFiles] = useState<ComposerFile[]>([]);
  const filesRef = useRef(files);
  useEffect(() => {
    filesRef.current = files;
  }, [files]);

  const update = useCallback((key: string, change: Partial<ComposerFile>) => {
    setFiles((current) => current.map((file) => (file.key === key ? { ...file, ...change } : file)));
  }, []);

  const add = useCallback(
    (list: Iterable<File>) => {
      for (const file of list) {
        localCounter += 1;
        const key = `local-${localCounter}`;
        const filename = file.name || `pasted-${localCounter}.${(file.type.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gi, '')}`;
        if (file.size > uploadLimits.maxBytes) {
          setFiles((current) => [...current, { key, uploadId: null, filename, size: file.size, state: 'failed', error: t('composer.attach.tooLarge', { name: filename }) }]);
          continue;
        }
        setFiles((current) => [...current, { key, uploadId: null, filename, size: file.size, state: 'uploading', error: null }]);
        void readAsBase64(file)
          .then((data) => composerApi.upload({ filename, contentType: file.type || 'application/octet-stream', data }))
          .then((upload) => {
            update(key, { uploadId: upload.id, state: 'ready' });
            announce(t('composer.attach.added', { name: filename }));
          })
          .catch((error: unknown) => {
            const message = t('composer.attach.failed', { name: filename, error: describeError(error) });
            update(key, { state: 'failed', error: message });
            announce(message);
          });
      }
    },
    [announce, update],
  );

  const remove = useCallback((key: string) => {
    const file = filesRef.current.find((item) => item.key === key);
    setFiles((current) => current.filter((item) => item.key !== key));
    if (file?.uploadId) void composerApi.removeUpload(file.uploadId).catch(() => undefined); // pruned after a day anyway
  }, []);

  const clear = useCallback(() => setFiles([]), []);
  const readyIds = files.filter((file) => file.state === 'ready' && file.uploadId).map((file) => file.uploadId as string);
  const isUploading = files.some((file) => file.state === 'uploading');
  return { files, add, remove, clear, readyIds, isUploading };
}
