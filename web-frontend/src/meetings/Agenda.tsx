import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists, type CodeLists } from '../api/codeLists';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { takeFlash } from '../components/flash';
import { CheckField, SelectField, SuccessMessage } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n, type Lang } from '../i18n';
import {
  addMonths,
  dayOf,
  firstOfMonth,
  formatDayHeading,
  formatDayNumber,
  formatLongDay,
  formatMonth,
  formatTime,
  formatTimeRange,
  groupByDay,
  isMonth,
  lastOfMonth,
  monthGrid,
  monthOf,
  rangeQuery,
  today,
  weekdayNames,
  type Day,
  type Month,
} from './calendar';
import { isKind, listMeetingsInRange, type Meeting, type MeetingKind } from './model';
import { MyPlaceBadge, PlaceLabel, PlacesLabel, StatusBadge } from './parts';
import { useMedia } from './useMedia';
import './meetings.css';

type View = 'month' | 'list';

interface AgendaState {
  month: Month;
  kind: MeetingKind | '';
  mine: boolean;
  /** The view asked for (else the one for the screen). */
  view: View | null;
  /** In the list of this month: the days before today too. */
  earlier: boolean;
}

/** The agenda's address: /meetings?month=2026-05&view=month&kind=workshop&mine=1. */
export function agendaPath(s: AgendaState, current: Month): string {
  const q = new URLSearchParams();
  if (s.month !== current) q.set('month', s.month);
  if (s.view) q.set('view', s.view);
  if (s.kind) q.set('kind', s.kind);
  if (s.mine) q.set('mine', '1');
  if (s.earlier) q.set('earlier', '1');
  const qs = q.toString();
  return qs ? `/meetings?${qs}` : '/meetings';
}

/**
 * /meetings: the agenda. On a phone a list by day; on a wide screen a month
 * (weeks from Monday), with a switch to the list. One month at a time, every
 * page of it loaded; filtered by kind and "only mine".
 */
export default function Agenda() {
  const { t, lang } = useI18n();
  useTitle(t('meetings.title'));
  const { me } = useAuth();
  const { query, route } = useLocation();
  const phone = useMedia('(max-width: 640px)');
  const wide = useMedia('(min-width: 1024px)');
  const codes = useCodeLists(['meeting-kinds', 'meeting-statuses']);
  const [notice] = useState(() => takeFlash());

  const now = today();
  const state: AgendaState = {
    month: isMonth(query.month) ? query.month : monthOf(now),
    kind: isKind(query.kind) ? query.kind : '',
    mine: query.mine === '1',
    view: query.view === 'month' || query.view === 'list' ? query.view : null,
    earlier: query.earlier === '1',
  };
  const view: View = phone ? 'list' : (state.view ?? (wide ? 'month' : 'list'));
  const weeks = monthGrid(state.month);
  const thisMonth = state.month === monthOf(now);
  const [first, last]: [Day, Day] =
    view === 'month' ? [weeks[0]![0]!, weeks[weeks.length - 1]![6]!] : [thisMonth && !state.earlier ? now : firstOfMonth(state.month), lastOfMonth(state.month)];

  const meetings = useLoad(
    () => listMeetingsInRange({ ...rangeQuery(first, last), lang, ...(state.kind ? { kind: state.kind } : {}), ...(state.mine ? { mine: true } : {}) }),
    [first, last, state.kind, state.mine, lang],
    { keepOnChange: true },
  );
  const go = (change: Partial<AgendaState>) => route(agendaPath({ ...state, ...change }, monthOf(now)), true);

  if (meetings.state === 'forbidden') return <NotReady load={meetings} />;
  const refreshing = meetings.state === 'ready' && meetings.refreshing;

  return (
    <div class="agenda">
      <div class="page-head">
        <h1>{t('meetings.title')}</h1>
        {can(me?.role, 'meetings.staff') && (
          <div class="actions">
            {can(me?.role, 'meetings.manage') && (
              <>
                <a class="button-link" href="/meetings/new" data-testid="plan-meeting">
                  {t('meetings.plan')}
                </a>
                <a class="button-link secondary" href="/meetings/venues" data-testid="venues-link">
                  {t('meetings.venues_link')}
                </a>
              </>
            )}
            <a class="button-link secondary" href="/meetings/day" data-testid="day-link">
              {t('adviser_day.link')}
            </a>
            {can(me?.role, 'meetings.report') && (
              <a class="button-link secondary" href="/meetings/report" data-testid="report-link">
                {t('meeting_report.link')}
              </a>
            )}
          </div>
        )}
      </div>
      {notice && <SuccessMessage testId="agenda-notice">{notice}</SuccessMessage>}

      <div class="agenda-bar">
        <div class="month-nav" data-testid="month-nav">
          <button type="button" class="secondary icon" onClick={() => go({ month: addMonths(state.month, -1), earlier: false })} aria-label={t('meetings.previous_month')} data-testid="previous-month">
            <span aria-hidden="true">
              ‹
            </span>
          </button>
          <h2 class="month-name" aria-live="polite" data-testid="month-name">
            {formatMonth(state.month, lang)}
          </h2>
          <button type="button" class="secondary icon" onClick={() => go({ month: addMonths(state.month, 1), earlier: false })} aria-label={t('meetings.next_month')} data-testid="next-month">
            <span aria-hidden="true">
              ›
            </span>
          </button>
          {!thisMonth && (
            <button type="button" class="secondary" onClick={() => go({ month: monthOf(now), earlier: false })} data-testid="this-month">
              {t('meetings.this_month')}
            </button>
          )}
        </div>
        {!phone && (
          <div class="view-switch" role="group" aria-label={t('meetings.view_label')} data-testid="view-switch">
            {(['month', 'list'] as const).map((v) => (
              <button key={v} type="button" class={view === v ? '' : 'secondary'} aria-pressed={view === v ? 'true' : 'false'} onClick={() => go({ view: v })} data-testid={`view-${v}`}>
                {v === 'month' ? t('meetings.view_month') : t('meetings.view_list')}
              </button>
            ))}
          </div>
        )}
      </div>

      <form class="agenda-filters" role="search" aria-label={t('meetings.filters')} onSubmit={(e) => e.preventDefault()} data-testid="agenda-filters">
        <SelectField id="a-kind" label={t('meetings.field.kind')} value={state.kind} onValue={(k) => go({ kind: isKind(k) ? k : '' })}>
          <option value="">{t('meetings.all_kinds')}</option>
          {codes.items('meeting-kinds').map((i) => (
            <option key={i.code} value={i.code}>
              {i.label}
            </option>
          ))}
        </SelectField>
        <CheckField id="a-mine" label={t('meetings.only_mine')} checked={state.mine} onChecked={(mine) => go({ mine })} />
      </form>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      <section aria-labelledby="agenda-heading" aria-busy={refreshing ? 'true' : undefined} data-testid={`agenda-${view}`}>
        <h2 id="agenda-heading" class="visually-hidden">
          {view === 'month' ? t('meetings.view_month') : t('meetings.view_list')}
        </h2>
        {meetings.state !== 'ready' ? (
          <NotReady load={meetings} inline />
        ) : view === 'month' ? (
          <MonthView weeks={weeks} month={state.month} now={now} meetings={meetings.data} lang={lang} />
        ) : (
          <ListView
            meetings={meetings.data}
            first={first}
            last={last}
            now={now}
            lang={lang}
            codes={codes}
            filtered={Boolean(state.kind || state.mine)}
            onEarlier={thisMonth && !state.earlier && now > firstOfMonth(state.month) ? () => go({ earlier: true }) : undefined}
          />
        )}
      </section>
    </div>
  );
}

/** The month: weeks from Monday, each day with its meetings as short links; today marked. */
function MonthView({ weeks, month, now, meetings, lang }: { weeks: Day[][]; month: Month; now: Day; meetings: Meeting[]; lang: Lang }) {
  const { t } = useI18n();
  const days = new Map(groupByDay(meetings, weeks[0]![0], weeks[weeks.length - 1]![6]).map((g) => [g.day, g.meetings]));
  const short = weekdayNames(lang, 'short');
  const long = weekdayNames(lang, 'long');
  return (
    <table class="month-grid" data-testid="month-grid">
      <thead>
        <tr>
          {short.map((name, i) => (
            <th key={i} scope="col" abbr={long[i]}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((day) => {
              const list = days.get(day) ?? [];
              const outside = monthOf(day) !== month;
              return (
                <td key={day} class={`${outside ? 'outside' : ''} ${day === now ? 'today' : ''}`} aria-current={day === now ? 'date' : undefined} data-day={day} data-testid="month-day">
                  <span class="day-number" aria-hidden="true">
                    {formatDayNumber(day, lang)}
                  </span>
                  <span class="visually-hidden">
                    {formatLongDay(day, lang)}
                    {day === now ? `, ${t('meetings.today')}` : ''}
                  </span>
                  {list.length > 0 && (
                    <ul class="day-chips">
                      {list.map((m) => (
                        <li key={m.id}>
                          <a
                            href={`/meetings/${m.id}`}
                            class={`day-chip kind-${m.kind} status-${m.status}`}
                            title={`${formatTime(m.start_local, lang)} ${m.display_title}`}
                            data-testid="month-chip"
                            data-id={m.id}
                          >
                            <bdi class="day-chip-time">{formatTime(m.start_local, lang)}</bdi> <bdi class="day-chip-title">{m.display_title}</bdi>
                            {m.status === 'cancelled' && <span class="visually-hidden">, {t('meetings.cancelled')}</span>}
                          </a>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The days with meetings, one heading a day, the meetings under it. */
function ListView({
  meetings,
  first,
  last,
  now,
  lang,
  codes,
  filtered,
  onEarlier,
}: {
  meetings: Meeting[];
  first: Day;
  last: Day;
  now: Day;
  lang: Lang;
  codes: CodeLists;
  filtered: boolean;
  onEarlier: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const groups = groupByDay(meetings, first, last);
  return (
    <>
      {onEarlier && (
        <button type="button" class="secondary earlier" onClick={onEarlier} data-testid="show-earlier">
          {t('meetings.show_earlier')}
        </button>
      )}
      {groups.length === 0 ? (
        <p class="agenda-empty" data-testid="agenda-empty">
          {filtered ? t('meetings.none_filtered') : t('meetings.none_month')}
        </p>
      ) : (
        groups.map((g) => (
          <section class="agenda-day" key={g.day} aria-labelledby={`day-${g.day}`} data-testid="agenda-day" data-day={g.day}>
            <h3 id={`day-${g.day}`} class="day-heading">
              {formatDayHeading(g.day, lang)}
              {g.day === now && <span class="today-badge">{t('meetings.today')}</span>}
            </h3>
            <ul class="agenda-list">
              {g.meetings.map((m) => (
                <li key={m.id} class={`agenda-item status-${m.status}`} data-testid="agenda-item" data-id={m.id} data-status={m.status}>
                  <a href={`/meetings/${m.id}`} class="agenda-link">
                    <span class="agenda-time">
                      <bdi>{formatTimeRange(m.start_local, m.end_local, lang)}</bdi>
                      {dayOf({ start_local: m.end_local }) !== g.day && <span class="hint"> {t('meetings.next_day')}</span>}
                    </span>
                    <span class="agenda-title" dir="auto">
                      {m.display_title}
                    </span>
                  </a>
                  <span class="agenda-meta">
                    <span class="agenda-facts">
                      <span class="agenda-kind">{codes.label('meeting-kinds', m.kind)}</span>
                      <span class="agenda-place">
                        <PlaceLabel meeting={m} />
                      </span>
                      <PlacesLabel meeting={m} />
                    </span>
                    <StatusBadge meeting={m} codes={codes} />
                    <MyPlaceBadge meeting={m} />
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
