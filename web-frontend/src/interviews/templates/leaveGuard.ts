import { useEffect, useRef } from 'preact/hooks';

/** The part of the Navigation API used here (Chromium; not in TypeScript's DOM types yet). */
interface NavigateEventLike extends Event {
  navigationType: 'push' | 'replace' | 'reload' | 'traverse';
}

/**
 * Asks before leaving a page with unsaved changes: closing or reloading the
 * tab (the browser's own question), following a link inside the app, and the
 * Back and Forward buttons. The router (preact-iso) listens on window for
 * clicks; the click listener here runs first (capture) and stops the click
 * when the person chooses to stay. Back and Forward can only be stopped where
 * the browser has the Navigation API (its `navigate` event comes before
 * `popstate`); elsewhere they leave without asking.
 */
export function useLeaveGuard(dirty: boolean, message: string): void {
  const state = useRef({ dirty, message });
  state.current = { dirty, message };

  useEffect(() => {
    const here = () => location.pathname + location.search;

    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!state.current.dirty) return;
      e.preventDefault();
      e.returnValue = ''; // older browsers need this to ask
    };

    const onClick = (e: MouseEvent) => {
      if (!state.current.dirty || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      const link = e.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement && Boolean(el.href));
      if (!link || link.origin !== location.origin || link.target || link.download || link.getAttribute('href')?.startsWith('#')) return;
      if (link.pathname + link.search === here()) return;
      if (!window.confirm(state.current.message)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };

    const onNavigate = (event: Event) => {
      const e = event as NavigateEventLike;
      if (e.navigationType !== 'traverse' || !e.cancelable || !state.current.dirty) return;
      if (!window.confirm(state.current.message)) e.preventDefault();
    };
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;

    addEventListener('beforeunload', onBeforeUnload);
    addEventListener('click', onClick, true);
    navigation?.addEventListener('navigate', onNavigate);
    return () => {
      removeEventListener('beforeunload', onBeforeUnload);
      removeEventListener('click', onClick, true);
      navigation?.removeEventListener('navigate', onNavigate);
    };
  }, []);
}
