import { lazy } from 'react';

/**
 * The admin screens in their own chunk, loaded on first visit, so they stay out of the inbox's
 * initial JavaScript (issue 6 budget). Render inside the shell's <LazyScreen>.
 */
export const AdminScreens = lazy(() => import('./components/admin-screens.tsx').then((module) => ({ default: module.AdminScreens })));
