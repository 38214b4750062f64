import { BusinessHoursDto, UpdateBusinessHoursBody } from '@rapport/contracts/service';
import type { AppDeps } from '../../platform/app-deps.ts';
import { defineRoute, type AnyRoute } from '../../platform/route.ts';
import { getBusinessHours, updateBusinessHours } from './business-hours.ts';

export function businessHoursRoutes(deps: AppDeps): AnyRoute[] {
  const tag = 'business hours';
  return [
    defineRoute({
      id: 'business-hours.get',
      method: 'GET',
      url: '/api/v1/business-hours',
      permission: 'service.read',
      tag,
      summary: "The workspace's business hours: weekly open intervals and holidays, in the workspace time zone",
      response: BusinessHoursDto,
      handler: ({ actor }) => getBusinessHours(deps, actor),
    }),
    defineRoute({
      id: 'business-hours.update',
      method: 'PUT',
      url: '/api/v1/business-hours',
      permission: 'service.manage',
      tag,
      summary: 'Replace the weekly open intervals and holidays (several intervals a day allowed; none may overlap)',
      body: UpdateBusinessHoursBody,
      response: BusinessHoursDto,
      handler: ({ actor, body }) => updateBusinessHours(deps, actor, body),
    }),
  ];
}
