// A meeting's ratings for its organisers (admins and coordinators): how
// many rated it, the mean, the median, the spread over 1–10, and the
// comments (without author or time, and only once enough people rated it
// that none can be recognised). Shown on the meeting's page once it started.
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useI18n } from '../../i18n';
import { formatNumber } from '../../interviews/analysis/analysisTables';
import { Distribution } from './Report';
import './report.css';

type MeetingFeedback = components['schemas']['MeetingFeedback'];

const getFeedback = (id: string) => unwrap(api.GET('/api/v1/meetings/{id}/feedback', { params: { path: { id } } })) as Promise<MeetingFeedback>;

export function MeetingFeedbackPanel({ meetingId }: { meetingId: string }) {
  const { t, lang } = useI18n();
  const load = useLoad(() => getFeedback(meetingId), [meetingId]);
  return (
    <section class="card meeting-feedback" aria-labelledby="feedback-heading" data-testid="meeting-feedback">
      <h2 id="feedback-heading">{t('meeting_report.feedback_title')}</h2>
      {load.state !== 'ready' ? (
        <NotReady load={load} inline />
      ) : (
        ((f: MeetingFeedback) =>
          f.count === 0 ? (
            <p data-testid="no-ratings">{t('meeting_report.no_ratings_yet')}</p>
          ) : (
            <>
              <dl class="facts">
                <dt>{t('meeting_report.col_ratings')}</dt>
                <dd data-testid="ratings-count">{formatNumber(f.count, lang)}</dd>
                <dt>{t('meeting_report.mean')}</dt>
                <dd data-testid="ratings-mean">{f.mean == null ? '–' : formatNumber(f.mean, lang, 1)}</dd>
                <dt>{t('meeting_report.median')}</dt>
                <dd>{f.median == null ? '–' : formatNumber(f.median, lang, 1)}</dd>
              </dl>
              <Distribution group={f} lang={lang} />
              <h3>{t('meeting_report.comments')}</h3>
              {f.comments_withheld ? (
                <p class="hint">{t('meeting_report.comments_withheld', { n: formatNumber(f.comments_from, lang) })}</p>
              ) : f.comments.length === 0 ? (
                <p class="hint">{t('meeting_report.no_comments')}</p>
              ) : (
                <ul class="comments" data-testid="comments">
                  {f.comments.map((c, i) => (
                    <li key={i} lang={c.language ?? undefined} dir="auto">
                      {c.text}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ))(load.data)
      )}
    </section>
  );
}
