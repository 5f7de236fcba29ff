import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface Tab<K extends string> {
  key: K;
  label: string;
}

/**
 * Where a key press on a row of `count` tabs moves from tab `i`, as the ARIA
 * pattern has it: arrow keys along the row (mirrored when `list` is right to
 * left), Home and End to the ends. -1 for any other key; else the key's
 * default action is prevented.
 */
export function tabKeyTarget(event: KeyboardEvent, i: number, count: number, list: HTMLElement | null): number {
  const rtl = getComputedStyle(list ?? document.documentElement).direction === 'rtl';
  const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
  const back = rtl ? 'ArrowRight' : 'ArrowLeft';
  let next = -1;
  if (event.key === forward) next = (i + 1) % count;
  else if (event.key === back) next = (i - 1 + count) % count;
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = count - 1;
  if (next >= 0) event.preventDefault();
  return next;
}

/**
 * Tabs as the ARIA pattern has them: one tab stop, arrow keys move along the
 * row (mirrored in right-to-left languages), Home and End jump to the ends.
 */
export function Tabs<K extends string>({
  tabs,
  current,
  onSelect,
  label,
  children,
}: {
  tabs: readonly Tab<K>[];
  current: K;
  onSelect: (key: K) => void;
  label: string;
  children: ComponentChildren;
}) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabKeyTarget(event, tabs.findIndex((t) => t.key === current), tabs.length, list.current);
    if (next < 0) return;
    const tab = tabs[next]!;
    onSelect(tab.key);
    list.current?.querySelector<HTMLElement>(`#tab-${tab.key}`)?.focus();
  };
  return (
    <>
      <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.key}
            type="button"
            role="tab"
            id={`tab-${tab.key}`}
            aria-selected={tab.key === current ? 'true' : 'false'}
            aria-controls={`panel-${tab.key}`}
            tabIndex={tab.key === current ? 0 : -1}
            onClick={() => onSelect(tab.key)}
            data-testid={`tab-${tab.key}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} tabIndex={0}>
        {children}
      </div>
    </>
  );
}
