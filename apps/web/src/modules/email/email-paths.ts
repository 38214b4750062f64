/**
 * The email screens' addresses, apart from the screens themselves: the shell links to them from
 * the first paint, while the screens load lazily (shell/app-routes.tsx) and stay out of the
 * inbox's initial JavaScript.
 */
export const emailSettingsPath = '/settings/email';
export const quarantinePath = '/quarantine';
