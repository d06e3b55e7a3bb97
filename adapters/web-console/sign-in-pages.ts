// The pages people see before they are in: ask for a link (or the company
// sign-in), confirm a link, and the refusals.
import type { Locale } from '../../src/index.js';
import { channelName } from '../../src/index.js';
import { publicPage } from './console-shell.js';
import { word } from './console-words.js';
import { html, render } from './html.js';

export interface SignInPageOptions {
  oidc: boolean;
  platforms: string[];
  errors?: Record<string, string>;
  values?: { platform: string; userId: string };
  /** The request went out: say so, the same for agents and anyone else. */
  sent?: { platform: string; userId: string };
  signedOut?: boolean;
}

function errorOf(errors: Record<string, string> | undefined, name: string): string | undefined {
  return errors && Object.hasOwn(errors, name) ? errors[name] : undefined;
}

export function signInPage(locale: Locale, o: SignInPageOptions): string {
  const title = word(locale, 'signIn.title');
  if (o.oidc) {
    const body = html`<h1>${title}</h1>
      ${o.signedOut ? html`<p role="status">${word(locale, 'signedOut')}</p>` : null}
      <p>${word(locale, 'signIn.oidcIntro')}</p>
      <p><a class="button" href="/auth/login?next=/console">${word(locale, 'signIn.oidc')}</a></p>`;
    return publicPage(locale, title, render(body));
  }
  const platformError = errorOf(o.errors, 'platform');
  const userError = errorOf(o.errors, 'userId');
  const chosen = o.values?.platform ?? o.platforms[0];
  const body = html`<h1>${title}</h1>
    ${o.signedOut ? html`<p role="status">${word(locale, 'signedOut')}</p>` : null}
    ${o.sent
      ? html`<p role="status" class="notice">${word(locale, 'signIn.sent', { id: o.sent.userId, platform: channelName(locale, o.sent.platform) })}</p>`
      : null}
    <p>${word(locale, 'signIn.intro')}</p>
    <form method="post" action="/console/sign-in" class="stack" novalidate>
      <div class="field">
        <label for="platform">${word(locale, 'signIn.platform')}</label>
        <select id="platform" name="platform" aria-invalid=${platformError ? 'true' : undefined} aria-describedby=${platformError ? 'platform-error' : undefined}>
          ${o.platforms.map((p) => html`<option value=${p} selected=${p === chosen}>${channelName(locale, p)}</option>`)}
        </select>
        ${platformError ? html`<p id="platform-error" class="error">${platformError}</p>` : null}
      </div>
      <div class="field">
        <label for="userId">${word(locale, 'signIn.userId')}</label>
        <input id="userId" name="userId" autocomplete="username" required value=${o.values?.userId ?? ''}
          aria-invalid=${userError ? 'true' : undefined} aria-describedby=${userError ? 'userId-error userId-hint' : 'userId-hint'} />
        <p id="userId-hint" class="hint">${word(locale, 'signIn.userIdHint')}</p>
        ${userError ? html`<p id="userId-error" class="error">${userError}</p>` : null}
      </div>
      <button type="submit">${word(locale, 'signIn.send')}</button>
    </form>`;
  return publicPage(locale, title, render(body));
}

export function linkConfirmPage(locale: Locale, token: string): string {
  const title = word(locale, 'link.title');
  const body = html`<h1>${title}</h1>
    <p>${word(locale, 'link.intro')}</p>
    <form method="post" action="/console/link">
      <input type="hidden" name="token" value=${token} />
      <button type="submit">${word(locale, 'link.confirm')}</button>
    </form>`;
  return publicPage(locale, title, render(body));
}

export function linkInvalidPage(locale: Locale): string {
  const title = word(locale, 'link.title');
  const body = html`<h1>${title}</h1>
    <p role="alert">${word(locale, 'link.invalid')}</p>
    <p><a href="/console/sign-in">${word(locale, 'link.again')}</a></p>`;
  return publicPage(locale, title, render(body));
}

export function notAgentPage(locale: Locale, name: string): string {
  const title = word(locale, 'signIn.title');
  const body = html`<h1>${title}</h1>
    <p role="alert">${word(locale, 'signIn.notAgent', { name })}</p>
    <form method="post" action="/console/sign-out"><button type="submit" class="secondary">${word(locale, 'nav.signOut')}</button></form>`;
  return publicPage(locale, title, render(body));
}
