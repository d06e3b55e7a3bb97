// Text as people type it in chat -> comparable tokens: case, accents,
// apostrophes, stretched letters ("ciaooo") and common chat shorthand.

// A Map: people's words are looked up here, and "constructor" must be a word, not Object's own.
const SHORTHAND: ReadonlyMap<string, string> = new Map(Object.entries({
  pwd: 'password', psw: 'password', pw: 'password', passwd: 'password',
  nn: 'non', xche: 'perche', xke: 'perche', perke: 'perche', cmq: 'comunque', qlc: 'qualcuno', qlcs: 'qualcosa',
  x: 'per', tt: 'tutto', tnx: 'grazie', grz: 'grazie', pc: 'computer', msg: 'messaggio', mess: 'messaggio',
  dv: 'dove', sn: 'sono', ke: 'che', xo: 'pero',
  pls: 'please', plz: 'please', u: 'you', ur: 'your', r: 'are', thx: 'thanks', ty: 'thanks', cant: 'cannot',
  dont: 'do not', doesnt: 'does not', wont: 'will not', isnt: 'is not', im: 'i am', ive: 'i have',
  mail: 'email', acct: 'account', pswd: 'password',
}));

export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Lower-case, accent-free words with chat shorthand expanded. */
export function words(text: string): string[] {
  const folded = foldAccents(text.toLowerCase())
    .replace(/(?<=\p{L})['’`](?=\p{L})/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1');
  const out: string[] = [];
  for (const raw of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    const expanded = SHORTHAND.get(raw);
    if (expanded) out.push(...expanded.split(' '));
    else out.push(raw);
  }
  return out;
}
