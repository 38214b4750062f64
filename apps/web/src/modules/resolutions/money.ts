/** Money for display (no dependencies: the notifications bell in the shell uses it too). */

/**
 * "€50.00" for ("50", "EUR"). Intl formats the decimal string itself (exactly, no float on the
 * way); a code Intl does not know reads "50.00 XYZ".
 */
export function formatMoney(amount: string, currency: string, locale = 'en'): string {
  const code = currency.trim().toUpperCase();
  try {
    const formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    // Intl.NumberFormat v3 (ES2023) takes a decimal string; the app's TypeScript lib is ES2022.
    return (formatter as unknown as { format(value: string): string }).format(amount);
  } catch {
    return `${amount} ${code}`;
  }
}
