import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MessageDto, NoteDto, type TicketDetail, type TicketStatus } from '@rapport/contracts/tickets';
import { api } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

export type ComposerMode = 'reply' | 'note';

export interface PostInput {
  mode: ComposerMode;
  text: string;
  /** Replies only: the status to set in the same step (send and set pending/solved). */
  status?: TicketStatus | undefined;
  /** Replies only: composer uploads sent with it. */
  attachmentIds?: string[] | undefined;
  /** Replies only: send although the customer wrote after the draft was started. */
  confirmNewMessages?: boolean | undefined;
  /** Notes only: the teammates @mentioned. */
  mentions?: string[] | undefined;
  macroId?: string | undefined;
  idempotencyKey: string;
}

function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined && !(Array.isArray(item) && item.length === 0))) as Partial<T>;
}

/**
 * Sends a reply or adds an internal note. The result is appended to the cached ticket at once,
 * then the ticket and the lists refetch (status and timestamps change on the server).
 */
export function usePostToTicket(ticketRef: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const detailKey = queryKeys.ticket(workspaceId, ticketRef);
  const path = `/tickets/${encodeURIComponent(ticketRef)}`;

  return useMutation({
    mutationFn: async ({ mode, text, status, attachmentIds, confirmNewMessages, mentions, macroId, idempotencyKey }: PostInput) => {
      if (mode === 'note') {
        const note = await api.post(`${path}/notes`, { schema: NoteDto, body: compact({ text, mentions, macroId }), idempotencyKey });
        return { mode, note } as const;
      }
      const body = compact({ text, status, attachmentIds, macroId, confirmNewMessages: confirmNewMessages || undefined });
      const message = await api.post(`${path}/replies`, { schema: MessageDto, body, idempotencyKey });
      return { mode, message, status } as const;
    },
    onSuccess: (result) => {
      queryClient.setQueryData<TicketDetail>(detailKey, (ticket) => {
        if (!ticket) return ticket;
        if (result.mode === 'note') {
          if (ticket.notes.some((note) => note.id === result.note.id)) return ticket;
          return { ...ticket, notes: [...ticket.notes, result.note] };
        }
        if (ticket.messages.some((message) => message.id === result.message.id)) return ticket;
        return {
          ...ticket,
          status: result.status ?? ticket.status,
          messages: [...ticket.messages, result.message],
        };
      });
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: detailKey }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists(workspaceId) }),
      ]),
  });
}
