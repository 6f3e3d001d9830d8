import { useEffect } from 'react';

/** Sets the tab title, so several open orders can be told apart. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Split Recon`;
  }, [title]);
}
