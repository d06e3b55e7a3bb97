// Ticket codes: `<PREFIX>-<n>`, the prefix is the department's, n its own sequence.

const CODE_PATTERN = /^([A-Z][A-Z0-9]{0,9})-([1-9][0-9]{0,8})$/;

export function formatCode(prefix: string, seq: number): string {
  return `${prefix}-${seq}`;
}

/** Accepts what people type (`it-42`, ` IT-42 `, `#IT-42`); null when it is not a code. */
export function parseCode(input: string): string | null {
  const candidate = input.trim().replace(/^#/, '').toUpperCase();
  return CODE_PATTERN.test(candidate) ? candidate : null;
}

export function codePrefix(code: string): string {
  return code.slice(0, code.lastIndexOf('-'));
}
