// The server's health, as the start page shows it: each check's outcome is
// data to show or a translatable error, never an exception.
import { api } from '../api/client';
import { problemKey, type ProblemKey } from '../api/problem';
import type { components } from '../api/schema';

export type Health = components['schemas']['Health'];
export type Ready = components['schemas']['Ready'];

export type Check<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'failed'; key: ProblemKey };

const TIMEOUT_MS = 15_000; // mobile data can be slow, but not this slow

function timeoutSignal(): AbortSignal | undefined {
  return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
}

/** Runs one API call and turns every outcome into a state to show: data, or a translatable error. */
async function check<T>(call: () => Promise<{ data?: T; error?: unknown }>, valid: (data: T) => boolean): Promise<Check<T>> {
  try {
    const { data, error } = await call();
    if (data !== undefined && valid(data)) return { state: 'ok', data };
    return { state: 'failed', key: problemKey(error) };
  } catch (err) {
    return { state: 'failed', key: problemKey(err) };
  }
}

/** Whether the server runs, and which version. */
export const getHealth = () =>
  check<Health>(
    () => api.GET('/api/v1/health', { signal: timeoutSignal() }),
    (h) => h.status === 'ok' && typeof h.version === 'string',
  );

/** Whether the server can reach its database. */
export const getReady = () =>
  check<Ready>(
    () => api.GET('/api/v1/ready', { signal: timeoutSignal() }),
    (r) => r.status === 'ready' && typeof r.database === 'string',
  );
