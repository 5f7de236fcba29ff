// The number of unread messages in the caller's application threads, beside
// the "Applications" link of the header; asked again on every page change
// (reading a thread lowers it). Nothing shows while it is 0 or unknown.
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { unreadCount } from './api';

export function UnreadBadge({ path }: { path: string }) {
  const { t } = useI18n();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    unreadCount().then(
      (r) => live && setN(r.count),
      () => live && setN(0),
    );
    return () => {
      live = false;
    };
  }, [path]);
  if (!n) return null;
  return (
    <span class="badge nav-badge" data-testid="nav-unread" aria-label={t('opportunities.unread', { n })}>
      {n}
    </span>
  );
}
