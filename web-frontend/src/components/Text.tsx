import { Fragment } from 'preact';

/** Splits an e-mail address after "@" and before dots: the places it may wrap. */
export function emailParts(value: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of value) {
    if (ch === '.' && part) {
      parts.push(part);
      part = '';
    }
    part += ch;
    if (ch === '@') {
      parts.push(part);
      part = '';
    }
  }
  if (part) parts.push(part);
  return parts;
}

/** An e-mail address that wraps after "@" or before a dot (not mid-word), kept left to right in RTL text. */
export function Email({ value }: { value: string }) {
  return (
    <bdi class="email" dir="ltr">
      {emailParts(value).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </bdi>
  );
}

/** An id (UUID, request id) in small monospace on its own line, kept left to right inside RTL text. */
export function Id({ value }: { value: string }) {
  return (
    <span class="id">
      <bdi dir="ltr">{value}</bdi>
    </span>
  );
}
