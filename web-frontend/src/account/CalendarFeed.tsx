// The personal calendar subscription, on the account page: what it is, in
// plain words; make one, see its address once (copy it, or open it in the
// calendar app), make a new one if it got out, or stop it.
import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyField } from '../components/CopyField';
import { ErrorMessage, SuccessMessage } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { problemKey } from '../api/problem';
import { feedAddress, getCalendarFeed, resetCalendarFeed, stopCalendarFeed, webcalAddress } from './model';

export function CalendarFeed() {
  const { t, lang } = useI18n();
  const feed = useLoad(getCalendarFeed, []);
  /** The address, known only right after it was made. */
  const [url, setUrl] = useState<string | null>(null);
  const [asking, setAsking] = useState<'reset' | 'stop' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [stopped, setStopped] = useState(false);

  const make = async () => {
    setBusy(true);
    setError(null);
    setStopped(false);
    try {
      const made = await resetCalendarFeed();
      setUrl(made.url ?? null);
      feed.set(() => ({ url: null, created_at: made.created_at ?? new Date().toISOString() }));
      setAsking(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    setBusy(true);
    setError(null);
    try {
      await stopCalendarFeed();
      setUrl(null);
      setStopped(true);
      feed.set(() => ({ url: null, created_at: null }));
      setAsking(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Coming from a link to /account#calendar: show this box once it is drawn.
  const ready = feed.state === 'ready';
  useEffect(() => {
    if (ready && location.hash === '#calendar') document.getElementById('calendar')?.scrollIntoView?.({ block: 'start' });
  }, [ready]);

  // A role without meetings (the server refuses it): no box.
  if (feed.state === 'forbidden') return null;
  const since = feed.state === 'ready' ? feed.data.created_at : null;
  const address = url ? feedAddress(url, lang) : null;

  return (
    <section class="card calendar-feed" id="calendar" aria-labelledby="calendar-heading" data-testid="calendar-feed">
      <h2 id="calendar-heading">
        <span class="emoji" aria-hidden="true">📅</span>{' '}
        {t('calendar_feed.title')}
      </h2>
      <p>{t('calendar_feed.what')}</p>
      <p class="hint">{t('calendar_feed.private')}</p>
      {feed.state !== 'ready' ? (
        <NotReady load={feed} inline />
      ) : (
        <>
          {address && (
            <div class="feed-address" data-testid="feed-address">
              <SuccessMessage>{t('calendar_feed.made')}</SuccessMessage>
              <CopyField id="feed-url" label={t('calendar_feed.address')} value={address} testId="feed-url" />
              <p>
                <a class="button-link" href={webcalAddress(address)} data-testid="feed-open">
                  {t('calendar_feed.open')}
                </a>
              </p>
              <p class="hint">{t('calendar_feed.how')}</p>
            </div>
          )}
          {stopped && <SuccessMessage testId="feed-stopped">{t('calendar_feed.stopped')}</SuccessMessage>}
          {!since && !address && (
            <button type="button" onClick={() => void make()} disabled={busy} data-testid="feed-make">
              {busy ? t('common.working') : t('calendar_feed.make')}
            </button>
          )}
          {since && (
            <>
              {!address && (
                <p data-testid="feed-since">{t('calendar_feed.since', { date: formatDate(since, lang) })}</p>
              )}
              <div class="actions">
                <button type="button" class="secondary" onClick={() => setAsking('reset')} data-testid="feed-reset">
                  {t('calendar_feed.reset')}
                </button>
                <button type="button" class="secondary" onClick={() => setAsking('stop')} data-testid="feed-stop">
                  {t('calendar_feed.stop')}
                </button>
              </div>
            </>
          )}
          {error !== null && !asking && <ErrorMessage>{t(problemKey(error))}</ErrorMessage>}
        </>
      )}
      {asking && (
        <ConfirmDialog
          title={asking === 'reset' ? t('calendar_feed.reset_title') : t('calendar_feed.stop_title')}
          confirmLabel={asking === 'reset' ? t('calendar_feed.reset_confirm') : t('calendar_feed.stop_confirm')}
          onConfirm={() => void (asking === 'reset' ? make() : stop())}
          onCancel={() => {
            setAsking(null);
            setError(null);
          }}
          busy={busy}
          error={error !== null ? t(problemKey(error)) : null}
          testId="feed-dialog"
        >
          <p>{asking === 'reset' ? t('calendar_feed.reset_text') : t('calendar_feed.stop_text')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
