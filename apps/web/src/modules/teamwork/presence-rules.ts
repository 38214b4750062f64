/** Pure rules behind presence and the collision warning (unit-tested). */
import type { PresenceState, PresenceViewer } from '@rapport/contracts/realtime';

/** A typing update is resent at most this often while typing; presence is resent this often anyway. */
export const heartbeatMs = 10_000;
/** No keystroke for this long: back to "viewing". */
export const typingIdleMs = 4_000;

export interface ReporterState {
  state: PresenceState;
  sentAt: number;
  lastInputAt: number;
}

export type ReporterEvent = { kind: 'input'; mode: 'reply' | 'note' } | { kind: 'tick' };

/**
 * The presence reporter's next state and whether to send it: a change is sent at once, an
 * unchanged state only as a heartbeat; typing falls back to viewing after `typingIdleMs`.
 */
export function nextReport(current: ReporterState, event: ReporterEvent, now: number): { next: ReporterState; shouldSend: boolean } {
  if (event.kind === 'input') {
    const state: PresenceState = event.mode === 'note' ? 'typing_note' : 'typing_reply';
    const shouldSend = state !== current.state || now - current.sentAt >= heartbeatMs;
    return { next: { state, lastInputAt: now, sentAt: shouldSend ? now : current.sentAt }, shouldSend };
  }
  if (current.state !== 'viewing' && now - current.lastInputAt >= typingIdleMs) {
    return { next: { ...current, state: 'viewing', sentAt: now }, shouldSend: true };
  }
  if (now - current.sentAt >= heartbeatMs) return { next: { ...current, sentAt: now }, shouldSend: true };
  return { next: current, shouldSend: false };
}

/** Everyone on the ticket but you. */
export function otherViewers(viewers: readonly PresenceViewer[], selfId: string): PresenceViewer[] {
  return viewers.filter((viewer) => viewer.userId !== selfId);
}

/** Names of teammates typing a reply (not a note: a note cannot collide with a customer reply). */
export function replyingNames(viewers: readonly PresenceViewer[], selfId: string): string[] {
  return otherViewers(viewers, selfId)
    .filter((viewer) => viewer.state === 'typing_reply')
    .map((viewer) => viewer.name);
}

interface MessageLike {
  direction: 'inbound' | 'outbound';
  author: { type: string; id: string | null; name: string };
  createdAt: string;
}

/** Teammates who sent a reply on the ticket after you opened it (each named once). */
export function repliedSince(messages: readonly MessageLike[], openedAt: number, selfId: string): string[] {
  const names = new Set<string>();
  for (const message of messages) {
    if (message.direction !== 'outbound' || message.author.type !== 'agent' || message.author.id === selfId) continue;
    if (Date.parse(message.createdAt) > openedAt) names.add(message.author.name);
  }
  return [...names];
}

/** Two letters for an avatar: "Maria Lopez" → "ML", "maria" → "MA". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return (words[0] ?? '').slice(0, 2).toUpperCase();
  return `${(words[0] ?? '').charAt(0)}${(words[words.length - 1] ?? '').charAt(0)}`.toUpperCase();
}

/** "Ana", "Ana and Ben", "Ana, Ben and Cy" in the app's language. */
export function listNames(names: readonly string[], locale = 'en'): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}
