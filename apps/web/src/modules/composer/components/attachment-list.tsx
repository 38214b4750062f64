import { IconButton } from '@rapport/ui/button';
import { t } from '../../../i18n/i18n.ts';
import type { ComposerFile } from '../hooks/use-uploads.ts';

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Files attached to the reply being written, each with its state and a remove button. */
export function AttachmentList({ files, onRemove }: { files: readonly ComposerFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className="composer-files" aria-label={t('composer.attach.listLabel')}>
      {files.map((file) => (
        <li key={file.key} className={`composer-files__item composer-files__item--${file.state}`} data-testid="composer-file">
          <span className="composer-files__name">{file.filename}</span>
          <span className="composer-files__meta">
            {file.state === 'uploading' ? t('composer.attach.uploading', { name: file.filename }) : sizeLabel(file.size)}
          </span>
          {file.error && (
            <span className="composer-files__error" role="alert">
              {file.error}
            </span>
          )}
          <IconButton size="sm" label={t('composer.attach.remove', { name: file.filename })} icon={<span aria-hidden="true">×</span>} onClick={() => onRemove(file.key)} />
        </li>
      ))}
    </ul>
  );
}
