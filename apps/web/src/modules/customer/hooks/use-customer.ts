import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CustomerDto, CustomerPage, OrganisationPage, type UpdateCustomerBody } from '@rapport/contracts/people';
import { TicketPage } from '@rapport/contracts/tickets';
import { useAnnounce } from '@rapport/ui/live-region';
import { api } from '../../../api/client.ts';
import { describeError } from '../../../api/api-error.ts';
import { queryKeys } from '../../../api/query-keys.ts';
import { t } from '../../../i18n/i18n.ts';
import { useWorkspaceId } from '../../auth/components/session-context.tsx';

export const customerKeys = {
  all: (workspaceId: string) => ['workspace', workspaceId, 'customers'] as const,
  detail: (workspaceId: string, customerId: string) => ['workspace', workspaceId, 'customers', 'detail', customerId] as const,
  search: (workspaceId: string, term: string) => ['workspace', workspaceId, 'customers', 'search', term] as const,
  organisations: (workspaceId: string) => ['workspace', workspaceId, 'organisations'] as const,
};

export const customerTicketsLimit = 20;

export function useCustomer(customerId: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: customerKeys.detail(workspaceId, customerId),
    queryFn: ({ signal }) => api.get(`/customers/${customerId}`, { schema: CustomerDto, signal }),
  });
}

/**
 * Every ticket of the customer, from every channel, newest first. Cached as a ticket list, so
 * realtime changes to any ticket refresh it.
 */
export function useCustomerTickets(customerId: string, limit: number) {
  const workspaceId = useWorkspaceId();
  const filters = { customer: customerId, sort: 'created_desc' as const };
  return useQuery({
    queryKey: [...queryKeys.ticketList(workspaceId, filters), limit],
    queryFn: ({ signal }) => api.get('/tickets', { schema: TicketPage, query: { ...filters, limit }, signal }),
    placeholderData: (previous) => previous,
  });
}

export function useOrganisations() {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: customerKeys.organisations(workspaceId),
    queryFn: ({ signal }) => api.get('/organisations', { schema: OrganisationPage, query: { limit: 200 }, signal }),
    select: (page) => page.items,
    staleTime: 5 * 60_000,
  });
}

export function useCustomerSearch(term: string) {
  const workspaceId = useWorkspaceId();
  return useQuery({
    queryKey: customerKeys.search(workspaceId, term),
    enabled: term.length >= 2,
    queryFn: ({ signal }) => api.get('/customers', { schema: CustomerPage, query: { q: term, limit: 10 }, signal }),
    select: (page) => page.items,
  });
}

/** Saves profile changes at once: shown optimistically, rolled back (and said) on failure. */
export function useUpdateCustomer(customerId: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const key = customerKeys.detail(workspaceId, customerId);
  return useMutation({
    mutationFn: ({ changes }: { changes: UpdateCustomerBody; preview: (customer: CustomerDto) => CustomerDto }) =>
      api.patch(`/customers/${customerId}`, { schema: CustomerDto, body: changes }),
    onMutate: async ({ preview }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<CustomerDto>(key);
      if (previous) queryClient.setQueryData(key, preview(previous));
      return { previous };
    },
    onError: (error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      announce(t('customer.profile.notSaved', { error: describeError(error) }), 'assertive');
    },
    onSuccess: (customer) => {
      queryClient.setQueryData(key, customer);
      announce(t('customer.profile.saved'));
    },
    // Names and tiers show on tickets and in lists too.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
  });
}

/** Merges the duplicate `sourceId` into this customer (the survivor). */
export function useMergeCustomer(customerId: string) {
  const workspaceId = useWorkspaceId();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ sourceId }: { sourceId: string }) =>
      api.post(`/customers/${customerId}/merge`, { schema: CustomerDto, body: { sourceId } }),
    onSuccess: (customer) => queryClient.setQueryData(customerKeys.detail(workspaceId, customerId), customer),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.all(workspaceId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tickets(workspaceId) }),
      ]),
  });
}
