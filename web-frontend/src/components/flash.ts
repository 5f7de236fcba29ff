/**
 * A message to show on the next page after navigating away (e.g. "Saved" on the
 * profile after the edit form): set before `route()`, taken once by the page.
 */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
