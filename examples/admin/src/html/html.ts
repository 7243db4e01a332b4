/** Markup that is already safe (built by `html` or passed through `raw`). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: Renderable): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * HTML templates where every interpolated value is escaped unless it is `Html` itself; arrays
 * are joined; `null`, `undefined` and `false` render nothing.
 *
 * @example
 * ```ts
 * html`<p>${user.email}</p>`.value // '<p>a&lt;b@example.com</p>' for 'a<b@example.com'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup, passed through unescaped. Never use with user input. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** `attr` renders an attribute only when the condition holds: `<input ${attr('checked', on)}>`. */
export function attr(name: string, on: boolean | undefined | null): Html {
  return new Html(on ? ` ${name}` : '');
}
