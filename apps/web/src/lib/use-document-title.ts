import { useEffect } from 'react';

/** Names the browser tab after the screen (WCAG 2.4.2), e.g. "#1042 Parcel lost · Rapport". */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Rapport` : 'Rapport';
  }, [title]);
}
