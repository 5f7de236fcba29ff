/**
 * The token of an invitation or password-reset link, from the URL fragment
 * (`/invite#token=ski_…`): browsers never send the fragment to a server, so
 * the secret stays out of access logs and Referer headers.
 */
export function linkToken(hash: string = globalThis.location?.hash ?? ''): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}
