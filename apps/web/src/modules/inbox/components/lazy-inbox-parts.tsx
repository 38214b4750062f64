import { lazy } from 'react';

/*
 * Parts of the inbox that are not needed for its first paint load on first use, keeping the inbox
 * route's initial JavaScript within its budget (issue 6: 200 KB gzip): the view editor (opened from
 * "New view" / "Edit view") and the bulk-action toolbar (shown once a ticket is selected).
 */
export const LazyViewEditor = lazy(() => import('./view-editor.tsx').then((module) => ({ default: module.ViewEditor })));
export const LazyBulkBar = lazy(() => import('./bulk-bar.tsx').then((module) => ({ default: module.BulkBar })));
