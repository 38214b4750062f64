/** Messages of the email screens in the catalogue (the older parts of those screens still hold their own text). */
export const emailMessages = {
  'email.settings.businessHoursHint': 'The expected reply time in the acknowledgement counts business hours only, and skips holidays.',
  'email.settings.businessHoursLink': 'Set the business hours',
} as const;
