import type { ComponentPropsWithoutRef } from 'react';
import type { Priority, TicketStatus } from '@rapport/contracts/tickets';
import { classNames } from './class-names.ts';

export interface BadgeProps extends ComponentPropsWithoutRef<'span'> {
  tone?: string;
}

export function Badge({ tone, className, ...rest }: BadgeProps) {
  return <span {...rest} className={classNames('rp-badge', tone && `rp-badge--${tone}`, className)} />;
}

/** English defaults; apps pass translated labels once they have a message catalogue. */
export const statusLabels: Record<TicketStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  on_hold: 'On hold',
  solved: 'Solved',
  closed: 'Closed',
};

export const priorityLabels: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export function StatusBadge({ status, label }: { status: TicketStatus; label?: string }) {
  return (
    <Badge tone={`status-${status}`}>
      <span className="rp-badge__dot" aria-hidden="true" />
      {label ?? statusLabels[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority, label }: { priority: Priority; label?: string }) {
  return <Badge tone={`priority-${priority}`}>{label ?? priorityLabels[priority]}</Badge>;
}

export function TagBadge({ name, className, ...rest }: { name: string } & ComponentPropsWithoutRef<'span'>) {
  return (
    <Badge {...rest} tone="tag" className={className}>
      {name}
    </Badge>
  );
}
