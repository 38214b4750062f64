import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ title, description, action }: EmptyStateProps) {
  return (
    <div className="rp-empty-state">
      <p className="rp-empty-state__title">{title}</p>
      {description && <p>{description}</p>}
      {action}
    </div>
  );
}
