/**
 * The wording of the two automatic emails of a wait (P10): the reminder and the closing notice.
 * Built-in texts in the languages the auto-acknowledgement has (English by default), with the
 * ticket number; sent on the ticket's thread, so the customer's answer threads back and reopens it.
 */

export type NoticeLanguage = 'en' | 'de' | 'fr' | 'es';

export function noticeLanguage(language: string | null | undefined): NoticeLanguage {
  const code = (language ?? '').slice(0, 2).toLowerCase();
  return code === 'de' || code === 'fr' || code === 'es' ? code : 'en';
}

interface Wording {
  greeting: (name: string) => string;
  reminder: (ticket: string, closeDate: string | null) => string;
  closed: (ticket: string) => string;
  automatic: string;
}

const wording: Record<NoticeLanguage, Wording> = {
  en: {
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    reminder: (ticket, closeDate) =>
      `We are still waiting for your answer on ticket #${ticket}. To continue, simply reply to this email.` +
      (closeDate ? `\n\nIf we do not hear from you by ${closeDate}, we will close the ticket. You can reopen it at any time by replying.` : ''),
    closed: (ticket) => `We have closed ticket #${ticket} as we did not hear back from you. If you still need help, reply to this email and the ticket reopens.`,
    automatic: 'This is an automatic message.',
  },
  de: {
    greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    reminder: (ticket, closeDate) =>
      `wir warten noch auf Ihre Antwort zu Ticket #${ticket}. Um fortzufahren, antworten Sie einfach auf diese E-Mail.` +
      (closeDate ? `\n\nWenn wir bis ${closeDate} nichts von Ihnen hören, schließen wir das Ticket. Sie können es jederzeit mit einer Antwort wieder öffnen.` : ''),
    closed: (ticket) => `wir haben Ticket #${ticket} geschlossen, da wir nichts mehr von Ihnen gehört haben. Wenn Sie noch Hilfe brauchen, antworten Sie auf diese E-Mail und das Ticket wird wieder geöffnet.`,
    automatic: 'Dies ist eine automatische Nachricht.',
  },
  fr: {
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    reminder: (ticket, closeDate) =>
      `Nous attendons toujours votre réponse concernant le ticket #${ticket}. Pour continuer, répondez simplement à cet e-mail.` +
      (closeDate ? `\n\nSans nouvelles de votre part d'ici le ${closeDate}, nous fermerons le ticket. Vous pourrez le rouvrir à tout moment en répondant.` : ''),
    closed: (ticket) => `Nous avons fermé le ticket #${ticket} faute de réponse de votre part. Si vous avez encore besoin d'aide, répondez à cet e-mail et le ticket sera rouvert.`,
    automatic: 'Ceci est un message automatique.',
  },
  es: {
    greeting: (name) => (name ? `Hola ${name}:` : 'Hola:'),
    reminder: (ticket, closeDate) =>
      `Seguimos esperando su respuesta sobre el ticket #${ticket}. Para continuar, simplemente responda a este correo.` +
      (closeDate ? `\n\nSi no tenemos noticias suyas antes del ${closeDate}, cerraremos el ticket. Puede reabrirlo en cualquier momento respondiendo.` : ''),
    closed: (ticket) => `Hemos cerrado el ticket #${ticket} porque no hemos recibido respuesta. Si todavía necesita ayuda, responda a este correo y el ticket se reabrirá.`,
    automatic: 'Este es un mensaje automático.',
  },
};

/** A date in the workspace's zone, written for the customer's language ("3 March 2026"). */
export function noticeDate(at: Date, timeZone: string, language: NoticeLanguage): string {
  const locale = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' }[language];
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

export function reminderText(input: { language: NoticeLanguage; customerName: string; ticketNumber: number; closeAt: Date | null; timeZone: string }): string {
  const words = wording[input.language];
  const closeDate = input.closeAt ? noticeDate(input.closeAt, input.timeZone, input.language) : null;
  return `${words.greeting(input.customerName)}\n\n${words.reminder(String(input.ticketNumber), closeDate)}\n\n${words.automatic}\n`;
}

export function closingNoticeText(input: { language: NoticeLanguage; customerName: string; ticketNumber: number }): string {
  const words = wording[input.language];
  return `${words.greeting(input.customerName)}\n\n${words.closed(String(input.ticketNumber))}\n\n${words.automatic}\n`;
}
