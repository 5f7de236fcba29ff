import { useEffect } from 'preact/hooks';
import { PRODUCT_NAME } from '../brand';

/** Sets the browser tab title for the current page, e.g. "About Skupaj · Skupaj". */
export function useTitle(title?: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
