import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAuthResults } from '../../../adapters/channels/email/auth-results.js';

describe('readAuthResults', () => {
  it('reads the RFC 8601 results, comments and properties aside', () => {
    const value = 'mx.example.com 1; dkim=pass (2048-bit key; "quoted; not a separator") header.d=a.example header.b="x;y"; spf=softfail (domain of a@b (nested) does not designate) smtp.mailfrom=a.example; dmarc=none';
    expect(readAuthResults([value], undefined, 'a.example')).toEqual({ dkim: 'pass', spf: 'softfail', dmarc: 'none', authenticated: true, servId: 'mx.example.com' });
  });

  it('is authenticated by dmarc=pass, or a dkim or spf pass for the From domain itself', () => {
    expect(readAuthResults(['mx; dmarc=pass']).authenticated).toBe(true);
    expect(readAuthResults(['mx; spf=pass smtp.mailfrom=bounce@mail.acme.it'], undefined, 'acme.it').authenticated).toBe(true);
    expect(readAuthResults(['mx; dkim=pass header.d=acme.it'], undefined, 'acme.it').authenticated).toBe(true);
    expect(readAuthResults(['mx; dkim=neutral; spf=fail; dmarc=fail']).authenticated).toBe(false);
    expect(readAuthResults(['mx; none']).authenticated).toBe(false);
  });

  it('is not fooled by a pass for another domain, or by any pass beside dmarc=fail', () => {
    expect(readAuthResults(['mx; spf=pass smtp.mailfrom=evil.example'], undefined, 'acme.it').authenticated).toBe(false);
    expect(readAuthResults(['mx; dkim=pass header.d=evil.example'], undefined, 'acme.it').authenticated).toBe(false);
    expect(readAuthResults(['mx; spf=pass smtp.mailfrom=acme.it.evil.example'], undefined, 'acme.it').authenticated).toBe(false);
    expect(readAuthResults(['mx; dkim=pass header.d=acme.it; dmarc=fail header.from=acme.it'], undefined, 'acme.it').authenticated).toBe(false);
    expect(readAuthResults(['mx; spf=pass smtp.mailfrom=acme.it']).authenticated).toBe(false);
  });

  it('says dkim=pass when one of several signatures verifies', () => {
    expect(readAuthResults(['mx; dkim=fail header.d=a.example; dkim=pass header.d=b.example']).dkim).toBe('pass');
  });

  it('counts the topmost header only, when no server is named', () => {
    expect(readAuthResults(['mx.ours; dkim=fail', 'mx.ours; dkim=pass; spf=pass; dmarc=pass'])).toMatchObject({ dkim: 'fail', authenticated: false });
  });

  it('counts only the named server, wherever its header sits, case aside', () => {
    const values = ['mx.relay.example; dkim=pass; dmarc=pass', 'MX.Ours.Example; spf=fail'];
    expect(readAuthResults(values, 'mx.ours.example')).toEqual({ dkim: null, spf: 'fail', dmarc: null, authenticated: false, servId: 'MX.Ours.Example' });
    expect(readAuthResults(values, 'mx.absent.example').servId).toBeNull();
  });

  it('reads results in any case and survives nonsense', () => {
    expect(readAuthResults(['mx; DKIM=PASS']).dkim).toBe('pass');
    expect(readAuthResults([]).authenticated).toBe(false);
    expect(readAuthResults(['', ';;;', '(only a comment']).servId).toBeNull();
    expect(readAuthResults(['mx; dkim; spf=; =pass']).dkim).toBeNull();
  });

  it('never throws, and calls a mail authenticated only when one of the three passed and dmarc did not fail', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('dkim=pass', 'spf=fail', 'dmarc=pass', '(', ')', '"', ';', ' ', 'mx.ours', '\\'));
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 12 }).map((p) => p.join(''))), (values) => {
        const auth = readAuthResults(values, undefined, 'mx.ours');
        if (auth.authenticated) expect(auth.dmarc === 'pass' || (auth.dmarc !== 'fail' && (auth.dkim === 'pass' || auth.spf === 'pass'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
