import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useAuth } from '../auth/auth';
import { can, type Permission } from '../auth/roles';
import { Forbidden } from './Forbidden';
import { LoadError, Loading } from './NotReady';

/**
 * Shows `children` to a logged-in user allowed `permission`; sends everyone else
 * to /login (and back here afterwards), or says they may not see the page.
 */
export function RequireAuth({ permission, children }: { permission?: Permission; children: ComponentChildren }) {
  const { state, retry } = useAuth();
  const { url, route } = useLocation();
  useEffect(() => {
    if (state.status === 'anonymous') route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [state.status, url, route]);
  if (state.status === 'ready') {
    return permission && !can(state.me.role, permission) ? <Forbidden /> : <>{children}</>;
  }
  if (state.status === 'error') return <LoadError messageKey={state.key} onRetry={retry} />;
  return <Loading />;
}
