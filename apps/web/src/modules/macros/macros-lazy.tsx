import { lazy } from 'react';

/** The macro admin screen in its own chunk (kept out of the inbox's initial JavaScript). */
export const MacrosScreen = lazy(() => import('./components/macros-screen.tsx').then((module) => ({ default: module.MacrosScreen })));
