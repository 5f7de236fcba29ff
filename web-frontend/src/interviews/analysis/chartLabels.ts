// Chart label wrapping, shared by the analysis page (to size a chart) and
// barChart.ts (to draw it). No imports: barChart's chunk stays Chart.js only.

/** Characters per line of a chart label: on a phone, and wider. */
export const LABEL_WIDTH = { narrow: 18, wide: 32 } as const;

/** Splits a long label into lines of about `width` characters (Chart.js does not wrap). */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 3 ? [...lines.slice(0, 2), `${lines.slice(2).join(' ').slice(0, width - 1)}…`] : lines;
}
