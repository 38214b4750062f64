import { useEffect } from 'react';
import { sendPresence } from '../../../realtime/realtime-connection.ts';
import { nextReport, type ReporterState } from '../presence-rules.ts';
import { forgetPresence } from './presence-store.ts';

/** The composer's text box and mode buttons, found by their stable hooks (the composer is another module). */
const composerTextSelector = '#composer-text, [data-testid="composer-text"]';
const pressedModeSelector = '[data-composer-mode][aria-pressed="true"], [data-composer-mode][aria-checked="true"], [data-composer-mode][aria-selected="true"]';

function composerMode(lastClicked: 'reply' | 'note' | null): 'reply' | 'note' {
  const pressed = document.querySelector<HTMLElement>(pressedModeSelector)?.dataset['composerMode'];
  if (pressed === 'note' || pressed === 'reply') return pressed;
  return lastClicked ?? 'reply';
}

/**
 * Tells teammates you are on this ticket, and whether you are typing a reply or a note: presence
 * on arrival, typing from input events on the composer text box, a heartbeat every 10 s, "left"
 * when you go. Listens on the document, so a re-rendered composer needs no re-wiring.
 */
export function usePresenceReporter(ticketId: string): void {
  useEffect(() => {
    let state: ReporterState = { state: 'viewing', sentAt: Date.now(), lastInputAt: 0 };
    let lastClickedMode: 'reply' | 'note' | null = null;
    sendPresence({ type: 'presence', ticketId, state: 'viewing' });

    function report(event: Parameters<typeof nextReport>[1]) {
      const { next, shouldSend } = nextReport(state, event, Date.now());
      state = next;
      if (shouldSend) sendPresence({ type: 'presence', ticketId, state: state.state });
    }
    function handleInput(event: Event) {
      const target = event.target;
      if (!(target instanceof HTMLElement) || !target.matches(composerTextSelector)) return;
      report({ kind: 'input', mode: composerMode(lastClickedMode) });
    }
    function handleClick(event: MouseEvent) {
      const button = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-composer-mode]') : null;
      const mode = button?.dataset['composerMode'];
      if (mode === 'reply' || mode === 'note') lastClickedMode = mode;
    }
    function handleVisibility() {
      // A tab in the background still counts: the agent is on the ticket, just elsewhere for a moment.
      if (document.visibilityState === 'visible') sendPresence({ type: 'presence', ticketId, state: state.state });
    }
    document.addEventListener('input', handleInput, true);
    document.addEventListener('click', handleClick, true);
    document.addEventListener('visibilitychange', handleVisibility);
    const ticker = window.setInterval(() => report({ kind: 'tick' }), 1000);
    return () => {
      window.clearInterval(ticker);
      document.removeEventListener('input', handleInput, true);
      document.removeEventListener('click', handleClick, true);
      document.removeEventListener('visibilitychange', handleVisibility);
      sendPresence({ type: 'presence.leave' });
      forgetPresence(ticketId);
    };
  }, [ticketId]);
}
