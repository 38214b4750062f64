/** Strings shared by several screens. */
export const commonMessages = {
  'common.loading': 'Loading…',
  'common.save': 'Save',
  'common.saving': 'Saving…',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.delete': 'Delete',
  'common.edit': 'Edit',
  'common.retry': 'Try again',
  'common.none': 'None',
  'common.unassigned': 'Unassigned',
  'common.error.generic': 'Something went wrong. Please try again.',
} as const;
