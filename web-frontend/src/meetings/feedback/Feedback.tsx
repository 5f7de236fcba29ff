// /meetings/:id/feedback — "How was it?": ten large buttons with faces and
// numbers (two rows of five on a phone), an optional comment in any
// language, one big Send. Shows and changes the person's earlier rating.
import { useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { ApiError } from '../../api/errors';
import { TextAreaField } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { getMeeting, type Meeting } from '../common/model';
import { MeetingLine, MeetingNotFound } from '../common/parts';
import { ProblemNote } from '../common/ProblemNote';
import { faceOf, feedbackBody, myFeedback, rateMeeting, RATINGS, type MyFeedback } from './model';
import './feedback.css';

export default function FeedbackPage() {
  const { params } = useRoute();
  return <FeedbackScreen key={params.id} id={params.id ?? ''} />;
}

function FeedbackScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  useTitle(t('feedback.title'));
  const load = useLoad(async () => {
    const [meeting, mine] = await Promise.all([getMeeting(id, lang), myFeedback(id)]);
    return { meeting, mine };
  }, [id, lang]);
  if (load.state !== 'ready') return <NotReady load={load} notFound={<MeetingNotFound />} />;
  return <FeedbackForm meeting={load.data.meeting} mine={load.data.mine} />;
}

function FeedbackForm({ meeting, mine }: { meeting: Meeting; mine: MyFeedback | null }) {
  const { t, lang } = useI18n();
  const [rating, setRating] = useState<number | null>(mine?.rating ?? null);
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<MyFeedback | null>(null);
  const [saved, setSaved] = useState<MyFeedback | null>(mine);
  const thanks = useRef<HTMLHeadingElement>(null);
  /** A number as the language writes it (Persian digits in Farsi). */
  const num = (n: number) => new Intl.NumberFormat(lang).format(n);

  const send = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (rating === null) {
      setMissing(true);
      document.querySelector<HTMLInputElement>('input[name="rating"]')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await rateMeeting(meeting.id, feedbackBody(rating, comment, lang));
      setSent(answer);
      setSaved(answer);
      setTimeout(() => thanks.current?.focus(), 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** The kind words for a 409: not started yet, or not marked as present. */
  const refusal = (e: unknown): string | null => {
    if (!(e instanceof ApiError) || e.status !== 409) return null;
    return Date.parse(meeting.starts_at) > Date.now() ? t('feedback.not_started') : t('feedback.not_attended');
  };

  if (sent) {
    return (
      <div class="feedback">
        <section class="feedback-thanks" aria-labelledby="thanks-heading" data-testid="feedback-thanks">
          <p class="thanks-face" aria-hidden="true">
            {faceOf(sent.rating)}
          </p>
          <h1 id="thanks-heading" ref={thanks} tabIndex={-1}>
            {t('feedback.thanks')}
          </h1>
          <p class="lead">{t('feedback.you_gave', { n: num(sent.rating) })}</p>
          <div class="actions">
            <a class="button-link" href="/">
              {t('feedback.home')}
            </a>
            <button type="button" class="secondary" onClick={() => setSent(null)} data-testid="change-rating">
              {t('feedback.change')}
            </button>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div class="feedback">
      <h1>{t('feedback.title')}</h1>
      <MeetingLine meeting={meeting} />
      {saved && (
        <p class="notice" data-testid="feedback-earlier">
          <span class="emoji" aria-hidden="true">{faceOf(saved.rating)}</span>{' '}
          {t('feedback.earlier', { n: num(saved.rating) })}
        </p>
      )}
      <form onSubmit={send} noValidate data-testid="feedback-form">
        <div class="rating-group" role="radiogroup" aria-labelledby="rating-question" aria-describedby="rating-scale" aria-required="true">
          <p id="rating-question" class="rating-question">
            {t('feedback.question')}
          </p>
          <p id="rating-scale" class="hint">
            {t('feedback.scale')}
          </p>
          <div class="rating-buttons">
            {RATINGS.map((n) => (
              <label class={rating === n ? 'rating chosen' : 'rating'} key={n} data-testid={`rating-${n}`}>
                <input
                  type="radio"
                  name="rating"
                  value={n}
                  checked={rating === n}
                  onChange={() => {
                    setRating(n);
                    setMissing(false);
                  }}
                  class="visually-hidden"
                  aria-label={t('feedback.n_of_10', { n: num(n) })}
                />
                <span class="rating-face" aria-hidden="true">
                  {faceOf(n)}
                </span>
                <span class="rating-number" aria-hidden="true">
                  {num(n)}
                </span>
                {rating === n && (
                  <span class="rating-mark" aria-hidden="true">
                    ✓
                  </span>
                )}
              </label>
            ))}
          </div>
          {missing && (
            <p class="field-error" role="alert">
              {t('feedback.choose')}
            </p>
          )}
        </div>
        <TextAreaField id="feedback-comment" label={t('feedback.comment')} hint={t('feedback.comment_hint')} value={comment} onValue={setComment} rows={4} maxLength={2000} testId="feedback-comment" />
        {error !== null && <ProblemNote error={error} message={refusal(error)} testId="feedback-error" />}
        <button type="submit" class="send" disabled={busy} data-testid="feedback-send">
          {busy ? t('common.working') : t('feedback.send')}
        </button>
      </form>
    </div>
  );
}
