// @vitest-environment happy-dom
// The minutes' Markdown comes from people: what it renders must not run
// anything, whatever is typed into it.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

/** The rendered HTML as a document fragment, to look at what it holds. */
function dom(source: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = renderMarkdown(source);
  return div;
}

describe('renderMarkdown', () => {
  it('renders headings, emphasis, lists, tables and quotes', () => {
    const d = dom('## Who came\n\nTwelve, with **interpretation**.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |');
    expect(d.querySelector('h2')!.textContent).toBe('Who came');
    expect(d.querySelector('strong')!.textContent).toBe('interpretation');
    expect(d.querySelectorAll('ul li')).toHaveLength(2);
    expect(d.querySelectorAll('ol li')).toHaveLength(1);
    expect(d.querySelector('blockquote')!.textContent!.trim()).toBe('quoted');
    // Alignment is a class: the Content-Security-Policy refuses style attributes.
    expect(d.querySelector('[style]')).toBeNull();
    expect(d.querySelector('th')!.className).toBe('align-right');
    expect(d.querySelectorAll('td')[1]!.className).toBe('align-center');
  });

  it('shows a <script> as text, never as an element', () => {
    const d = dom('<script>alert(1)</script>\n\ntext <script src="https://evil.example/x.js"></script>');
    expect(d.querySelector('script')).toBeNull();
    expect(d.textContent).toContain('<script>alert(1)</script>');
    expect(renderMarkdown('<script>alert(1)</script>')).toContain('&lt;script&gt;');
  });

  it('shows an <img onerror> and other tags with handlers as text', () => {
    for (const source of ['<img src=x onerror="alert(1)">', 'a <img src=x onerror=alert(1)> b', '<div onclick="alert(1)">x</div>', '<svg onload=alert(1)>', '<iframe src="javascript:alert(1)"></iframe>']) {
      const d = dom(source);
      expect(d.querySelector('img, div, svg, iframe'), source).toBeNull();
      expect(d.querySelector('[onerror], [onclick], [onload]'), source).toBeNull();
    }
  });

  it('makes no link of javascript:, data: or vbscript: addresses, however written', () => {
    for (const source of [
      '[click](javascript:alert(1))',
      '[click](JAVASCRIPT:alert(1))',
      '[click]( javascript:alert(1) )',
      '[click](&#106;avascript:alert(1))',
      '[click](java%0ascript:alert(1))',
      '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[click](vbscript:msgbox(1))',
      '[click](file:///etc/passwd)',
      '<javascript:alert(1)>',
      '[click][ref]\n\n[ref]: javascript:alert(1)',
    ]) {
      const d = dom(source);
      // Whatever link is left goes, as a browser reads it, to a web page of this or another site.
      for (const a of d.querySelectorAll('a')) expect(new URL(a.getAttribute('href') ?? '', 'https://app.example/').protocol, source).toMatch(/^https?:$/);
      expect(d.innerHTML, source).not.toMatch(/href="\s*(javascript|data|vbscript|file):/i);
    }
  });

  it('opens web links apart from the app (rel="noopener noreferrer"), and finds bare addresses', () => {
    const d = dom('See [the plan](https://example.org/plan) and https://example.org/more, or write to [us](mailto:info@example.org).');
    const links = [...d.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/plan', 'https://example.org/more', 'mailto:info@example.org']);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
  });

  it('loads no image from elsewhere (images are off)', () => {
    const d = dom('![a tracker](https://tracker.example/pixel.png)');
    expect(d.querySelector('img')).toBeNull();
  });

  it('keeps line breaks as written', () => {
    expect(dom('one\ntwo').querySelector('br')).not.toBeNull();
  });
});
