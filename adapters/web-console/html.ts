// Server-side HTML for the console: htm tagged templates over preact's `h`,
// rendered to a string. Text goes in as children or attributes and comes out
// escaped: no page here is built by joining user text into markup.
import { h, type VNode } from 'preact';
import { html as preactHtml } from 'htm/preact';
import { renderToString } from 'preact-render-to-string';

export const html = preactHtml as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;

export function render(node: VNode): string {
  return renderToString(node);
}

/** An HTML fragment this module rendered earlier, placed as is (the shell's body). */
export function rendered(markup: string, tag: 'main' | 'div' = 'div', attrs: Record<string, string> = {}): VNode {
  return h(tag, { ...attrs, dangerouslySetInnerHTML: { __html: markup } }) as VNode;
}
