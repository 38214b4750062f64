import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ok } from '@rapport/contracts/common';
import {
  EmailAddressDto,
  EmailAddressList,
  EmailSettingsDto,
  ImapMailboxDto,
  ImapMailboxList,
  MailboxTestResult,
  type CreateEmailAddressBody,
  type CreateImapMailboxBody,
  type UpdateEmailAddressBody,
  type UpdateEmailSettingsBody,
  type UpdateImapMailboxBody,
} from '@rapport/contracts/email';
import { useAnnounce } from '@rapport/ui/live-region';
import { api, newIdempotencyKey } from '../../../api/client.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

/*
 * Server state of the admin "Email" settings: addresses, settings and IMAP mailboxes. Every
 * mutation refreshes its list and says what happened in the polite live region.
 */

export function useEmailAddresses() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.emailAddresses(workspaceId),
    queryFn: ({ signal }) => api.get('/email/addresses', { schema: EmailAddressList, signal }),
    select: (list) => list.items,
  });
}

function useInvalidate(key: readonly unknown[]) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key });
}

export function useCreateEmailAddress() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.emailAddresses(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateEmailAddressBody) =>
      api.post('/email/addresses', { schema: EmailAddressDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (address) => announce(`Added ${address.address}`),
    onSettled: invalidate,
  });
}

export function useUpdateEmailAddress() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.emailAddresses(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateEmailAddressBody }) =>
      api.patch(`/email/addresses/${id}`, { schema: EmailAddressDto, body }),
    onSuccess: (address) => announce(`Saved ${address.address}`),
    onSettled: invalidate,
  });
}

export function useDeleteEmailAddress() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.emailAddresses(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (address: EmailAddressDto) => api.delete(`/email/addresses/${address.id}`, { schema: Ok }),
    onSuccess: (_result, address) => announce(`Removed ${address.address}`),
    onSettled: invalidate,
  });
}

export function useEmailSettings() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.emailSettings(workspaceId),
    queryFn: ({ signal }) => api.get('/email/settings', { schema: EmailSettingsDto, signal }),
  });
}

export function useUpdateEmailSettings() {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: UpdateEmailSettingsBody) => api.patch('/email/settings', { schema: EmailSettingsDto, body }),
    onSuccess: (settings) => {
      queryClient.setQueryData(queryKeys.emailSettings(workspaceId), settings);
      announce('Email settings saved');
    },
  });
}

export function useMailboxes() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.mailboxes(workspaceId),
    queryFn: ({ signal }) => api.get('/email/mailboxes', { schema: ImapMailboxList, signal }),
    select: (list) => list.items,
    // The worker updates status, errors and sync times on its own; keep the page current.
    refetchInterval: 15_000,
  });
}

export function useCreateMailbox() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.mailboxes(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (body: CreateImapMailboxBody) =>
      api.post('/email/mailboxes', { schema: ImapMailboxDto, body, idempotencyKey: newIdempotencyKey() }),
    onSuccess: (mailbox) => announce(`Added mailbox ${mailbox.name}`),
    onSettled: invalidate,
  });
}

export function useUpdateMailbox() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.mailboxes(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateImapMailboxBody }) =>
      api.patch(`/email/mailboxes/${id}`, { schema: ImapMailboxDto, body }),
    onSuccess: (mailbox) => announce(`Saved mailbox ${mailbox.name}`),
    onSettled: invalidate,
  });
}

export function useDeleteMailbox() {
  const workspaceId = useWorkspaceId();
  const invalidate = useInvalidate(queryKeys.mailboxes(workspaceId));
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (mailbox: ImapMailboxDto) => api.delete(`/email/mailboxes/${mailbox.id}`, { schema: Ok }),
    onSuccess: (_result, mailbox) => announce(`Removed mailbox ${mailbox.name}`),
    onSettled: invalidate,
  });
}

export function useTestMailbox() {
  const announce = useAnnounce();
  return useMutation({
    mutationFn: (mailbox: ImapMailboxDto) => api.post(`/email/mailboxes/${mailbox.id}/test`, { schema: MailboxTestResult }),
    onSuccess: (result, mailbox) =>
      announce(result.ok ? `${mailbox.name}: connection works` : `${mailbox.name}: connection failed: ${result.error ?? ''}`, result.ok ? 'polite' : 'assertive'),
  });
}
