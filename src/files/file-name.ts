// A file's name is text one person wrote that others read (in cards, links,
// Content-Disposition headers): kept short, printable and free of paths.
const MAX_NAME = 120;

export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control and bidi characters could disguise "gpj.exe" as "exe.jpg".
  const printable = base.replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const cut = printable.length > MAX_NAME ? printable.slice(0, MAX_NAME) : printable;
  return cut.replace(/^\.+/, '') || 'file';
}
