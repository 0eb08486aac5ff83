import { Marked, type Tokens } from 'marked'

// The user guide as HTML for the 帮助 screen: headings get the anchors GitHub
// gives them (the guides' contents link to them), and screenshots the bundled
// files `make docs` wrote (a screenshot not taken yet shows its caption).

/** A heading's anchor, as GitHub makes it. */
export function anchor(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** Renders `markdown`; `shots` maps `zh-CN/review.png` to a bundled file's URL. */
export function renderGuide(markdown: string, shots: Readonly<Record<string, string>>): string {
  const marked = new Marked({
    async: false,
    gfm: true,
    renderer: {
      heading(token: Tokens.Heading): string {
        const inner = this.parser.parseInline(token.tokens)
        return `<h${token.depth} id="${escape(anchor(token.text))}">${inner}</h${token.depth}>\n`
      },
      image(token: Tokens.Image): string {
        const url = shots[token.href.replace(/^\.\.\/screens\//, '')]
        const alt = escape(token.text)
        return url ? `<img src="${escape(url)}" alt="${alt}" loading="lazy">` : `<span class="help__missing">${alt}</span>`
      },
    },
  })
  return marked.parse(markdown) as string
}
