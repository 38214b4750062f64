/**
 * The overrides report's address and who may override what, apart from the screens: the shell links
 * to the report from the first paint while the screen loads lazily.
 */
export const overridesReportPath = '/reports/overrides';

/** Leads and admins extend or waive SLA clocks (the server's 'sla.override'). */
export function canOverrideSla(permissions: readonly string[]): boolean {
  return permissions.includes('sla.override');
}

/** Routing by hand is a ticket change (the server's 'ticket.update'). */
export function canOverrideRouting(permissions: readonly string[]): boolean {
  return permissions.includes('ticket.update');
}
