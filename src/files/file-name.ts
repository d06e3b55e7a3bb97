// A file's name is text one person wrote that others read (in cards, links,
// Content-Disposition headers): kept short, printable and free of paths.
const MAX_NAME = 120;

export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control and bidi characters could disguise "gpj.exe" as "exe.jpg".
  const printable = base.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, '').trim();
  const cut = printable.length > MAX_NAME ? printable.slice(0, MAX_NAME) : printable;
  return cut.replace(/^\.+/, '') || 'file';
}

/** The endings each type may keep; the first is the one added when the name has none of them. */
const ENDINGS: Record<string, readonly string[]> = Object.assign(Object.create(null) as Record<string, readonly string[]>, {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/bmp': ['bmp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'text', 'md'],
  'text/csv': ['csv'],
  'application/json': ['json'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
  // Old Office files and installers share one container: only Office's endings are kept.
  'application/x-cfb': ['doc', 'xls', 'ppt', 'msg'],
});

/**
 * The name an agent's computer will treat the file by: a text that is really a
 * script ("fix.ps1", "reset.hta") or an installer read as an Office container
 * ("update.msi") gets the ending of what it is, so a double click opens it
 * as that, never runs it.
 */
export function nameForType(name: string, mime: string): string {
  const endings = ENDINGS[mime];
  if (!endings) return name;
  const ending = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ending && endings.includes(ending) ? name : `${name}.${endings[0]}`;
}
