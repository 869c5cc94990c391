/**
 * Signs in on the local provider the way a browser does: follows the authorization request's
 * redirects to the login page, posts the form, and follows the redirects back. Returns the URL
 * the browser would be sent to at the client (its redirect URI with `code` and `state`, or with
 * `error`), without requesting it. Cookies are kept between steps, as a browser keeps them.
 */
export async function signInLikeABrowser(options: {
  authorizationUrl: string | URL;
  email: string;
  password: string;
}): Promise<URL> {
  const start = new URL(options.authorizationUrl);
  const cookies = new Map<string, string>();
  const form = new URLSearchParams({ email: options.email, password: options.password });
  let url = start;
  let post: string | undefined;
  let submitted = false;
  for (let step = 0; step < 10; step += 1) {
    const response = await fetch(url, {
      method: post === undefined ? 'GET' : 'POST',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(post !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: post,
    });
    keepCookies(cookies, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== start.origin) return next;
      [url, post] = [next, undefined];
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(`Sign-in stopped with HTTP ${response.status} at ${url.pathname}`);
    }
    if (submitted) throw new Error(`Sign-in refused: ${alertOf(html)}`);
    [url, post, submitted] = [new URL(action.replaceAll('&amp;', '&'), url), form.toString(), true];
  }
  throw new Error('Sign-in did not get back to the client');
}

function keepCookies(cookies: Map<string, string>, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = ''] = header.split(';');
    const separator = pair.indexOf('=');
    const [name, value] = [pair.slice(0, separator).trim(), pair.slice(separator + 1).trim()];
    // oidc-provider clears a cookie by setting it empty and already expired.
    if (value) cookies.set(name, value);
    else cookies.delete(name);
  }
}

function alertOf(html: string): string {
  return /role="alert">([^<]*)</.exec(html)?.[1] ?? 'the login page was shown again';
}
