import type { Middleware } from 'openapi-fetch';

/** What the middleware needs from the session (see src/auth/session.ts). */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  renewAfterUnauthorized(used: string): Promise<string | null>;
}

/** Endpoints that take no access token: logging in and out, links, health, code lists. */
const PUBLIC_PATHS = /^\/api\/v1\/(?:auth\/|health$|ready$|code-lists(?:\/|$))/;

/**
 * Sends `Authorization: Bearer <access token>` with every call that needs it.
 * On a 401 it refreshes the session once and retries the request once, with a
 * copy taken before the first attempt consumed the body.
 */
export function authMiddleware(tokens: TokenSource): Middleware {
  const pending = new Map<string, { retry: Request; token: string }>();
  return {
    async onRequest({ request, schemaPath, id }) {
      if (PUBLIC_PATHS.test(schemaPath)) return undefined;
      const token = await tokens.accessToken();
      if (!token) return undefined;
      request.headers.set('Authorization', `Bearer ${token}`);
      pending.set(id, { retry: request.clone(), token });
      return request;
    },
    async onResponse({ response, id, options }) {
      const sent = pending.get(id);
      pending.delete(id);
      if (!sent || response.status !== 401) return undefined;
      const token = await tokens.renewAfterUnauthorized(sent.token);
      if (!token) return undefined; // logged out: the caller sees the 401
      sent.retry.headers.set('Authorization', `Bearer ${token}`);
      return options.fetch(sent.retry);
    },
    onError({ id }) {
      pending.delete(id);
      return undefined;
    },
  };
}
