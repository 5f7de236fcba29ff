// Minutes are written in Markdown and shown as HTML. The source comes from
// people (the server keeps it as text and never renders it), so it is
// rendered here with raw HTML off: a tag typed into the minutes is shown as
// text, never run. Links open in a new tab without access to this one
// (rel="noopener noreferrer") and only to web, mail and phone addresses;
// images are off (the app's Content-Security-Policy would refuse images from
// elsewhere, and an image from elsewhere tells its server who read the
// minutes); table alignment becomes a class, not a style attribute (which
// the Content-Security-Policy refuses too).
import MarkdownIt from 'markdown-it';
import type { RendererRule } from 'markdown-it';

/** Link targets allowed: a scheme of these, or none (a path on this site). */
const SAFE_SCHEME = /^(https?|mailto|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
md.disable('image');
md.validateLink = (url: string) => {
  const trimmed = url.trim();
  return SAFE_SCHEME.test(trimmed) || !ANY_SCHEME.test(trimmed);
};

const openLink: RendererRule = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.link_open = openLink;

/** `style="text-align:right"` of a table cell as `class="align-right"`. */
const alignedCell: RendererRule = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  const style = token.attrGet('style');
  if (style) {
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    const align = /text-align:\s*(left|right|center)/.exec(String(style))?.[1];
    if (align) token.attrJoin('class', `align-${align}`);
  }
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules.th_open = alignedCell;
md.renderer.rules.td_open = alignedCell;

/** The minutes' Markdown as HTML that is safe to put into the page. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
