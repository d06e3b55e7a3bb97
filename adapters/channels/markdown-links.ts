// Markdown links in words someone else wrote: `[https://sso.company.com](https://evil.example)`
// dresses one address up as another. Where a platform renders markdown, a space
// after the `]` keeps both parts on screen as typed and leaves no link syntax:
// an inline link needs `](` together, a reference link `][` or `]:`. It relies
// on no escaping rule, which each renderer treats its own way.
export function breakMarkdownLinks(text: string): string {
  return text.replace(/\](?=[([:])/g, '] ');
}
