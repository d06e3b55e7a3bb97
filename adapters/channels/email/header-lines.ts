// Raw header lines, as mailparser keeps them in `headerLines`: the decisions about
// robots and authentication read the header as the server wrote it, repeated
// headers included and in order (topmost first), not mailparser's merged view.
export type HeaderLine = { readonly key: string; readonly line: string };

/** Every value of the header `name` (case-insensitive), unfolded, in the order they appear. */
export function headerValues(lines: ReadonlyArray<HeaderLine>, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const { key, line } of lines) {
    if (typeof key !== 'string' || typeof line !== 'string' || key.toLowerCase() !== wanted) continue;
    const colon = line.indexOf(':');
    values.push((colon < 0 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return values;
}

/** The topmost value of `name`, or null when the mail has no such header. */
export function firstHeader(lines: ReadonlyArray<HeaderLine>, name: string): string | null {
  return headerValues(lines, name)[0] ?? null;
}
