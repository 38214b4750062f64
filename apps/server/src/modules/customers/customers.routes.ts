import { IdParams } from '@rapport/contracts/common';
import { MergeCustomerBody } from '@rapport/contracts/customer-panel';
import { CreateCustomerBody, CustomerDto, CustomerPage, ListCustomersQuery, UpdateCustomerBody } from '@rapport/contracts/people';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { createCustomer } from './create-customer.ts';
import { getCustomer } from './get-customer.ts';
import { listCustomers } from './list-customers.ts';
import { mergeCustomers } from './merge-customers.ts';
import { updateCustomer } from './update-customer.ts';

export function customerRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'customers';
  return [
    defineRoute({
      id: 'customers.list',
      method: 'GET',
      url: '/api/v1/customers',
      permission: 'customer.read',
      tag,
      summary: 'List customers, newest first; q matches part of a name, email, phone or chat id',
      query: ListCustomersQuery,
      response: CustomerPage,
      handler: ({ actor, query }) => listCustomers(deps, actor, query),
    }),
    defineRoute({
      id: 'customers.create',
      method: 'POST',
      url: '/api/v1/customers',
      permission: 'customer.write',
      tag,
      summary: 'Create a customer with its identities (honours Idempotency-Key)',
      body: CreateCustomerBody,
      response: CustomerDto,
      isIdempotent: true,
      handler: ({ actor, body }) => createCustomer(deps, actor, body),
    }),
    defineRoute({
      id: 'customers.get',
      method: 'GET',
      url: '/api/v1/customers/:id',
      permission: 'customer.read',
      tag,
      summary: 'A customer with its identities and organisation',
      params: IdParams,
      response: CustomerDto,
      handler: ({ actor, params }) => getCustomer(deps, actor, params.id),
    }),
    defineRoute({
      id: 'customers.update',
      method: 'PATCH',
      url: '/api/v1/customers/:id',
      permission: 'customer.write',
      tag,
      summary: 'Change a customer\'s name, tier, language or organisation',
      params: IdParams,
      body: UpdateCustomerBody,
      response: CustomerDto,
      handler: ({ actor, params, body }) => updateCustomer(deps, actor, params.id, body),
    }),
    defineRoute({
      id: 'customers.merge',
      method: 'POST',
      url: '/api/v1/customers/:id/merge',
      permission: 'customer.write',
      tag,
      summary: 'Merge a duplicate customer (sourceId) into this one: identities, tickets and messages move here',
      params: IdParams,
      body: MergeCustomerBody,
      response: CustomerDto,
      successStatus: 200,
      handler: ({ actor, params, body }) => mergeCustomers(deps, actor, params.id, body.sourceId),
    }),
  ];
}
