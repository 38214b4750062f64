import { isApiError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';

/** The field-level problems a 400 answer lists (`details.issues`), as sentences. */
export function serverIssues(error: unknown): string[] {
  if (!isApiError(error) || typeof error.details !== 'object' || error.details === null || !('issues' in error.details)) return [];
  const issues = error.details.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const path = 'path' in issue && typeof issue.path === 'string' ? issue.path.replace(/^body\.?/, '') : '';
    const message = 'message' in issue && typeof issue.message === 'string' ? issue.message : '';
    if (!message) return [];
    return [path ? t('service.hours.serverIssue', { path, message }) : message];
  });
}

/** The server's list of problems under a form's error message (the message itself is announced by AdminFormActions). */
export function ServerIssues({ error }: { error: unknown }) {
  const issues = serverIssues(error);
  if (issues.length === 0) return null;
  return (
    <ul className="service-issues">
      {issues.map((issue) => (
        <li key={issue}>{issue}</li>
      ))}
    </ul>
  );
}
