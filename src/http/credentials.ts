// Credentials of the HTTP binding: how they are sent, moved out of URLs, and kept out of text.

/** HTTP credentials sent in the Authorization header on every request. */
export type HttpAuth =
  | { readonly basic: { readonly username: string; readonly password: string } }
  | { readonly bearer: string };

/** The Authorization header value for `auth`. */
export function authorization(auth: HttpAuth): string {
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  const bytes = new TextEncoder().encode(`${auth.basic.username}:${auth.basic.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** `text` with the user information of every URL in it replaced, for messages: `http://***@host`. */
export function redactUrl(text: string): string {
  return text.replace(/(\/\/)[^/?#\s@]*@/g, '$1***@');
}

/**
 * Splits `http://user:password@host/path` into the URL without credentials and Basic auth, so
 * the password is sent in the Authorization header (fetch refuses such URLs) and never appears in
 * `client.url`, error messages or logs. Credentials in both places are refused.
 */
export function separateUrlCredentials(
  text: string,
  auth: HttpAuth | undefined,
): { readonly url: URL; readonly auth: HttpAuth | undefined } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`url ${JSON.stringify(redactUrl(text))} is not a URL; give one such as http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`url ${redactUrl(url.href)} must be an http: or https: URL`);
  if (url.username === '' && url.password === '') return { url, auth };
  if (auth)
    throw new TypeError(
      `credentials both in the url and in auth: give them once, in auth ({ basic: { username, password } } or { bearer })`,
    );
  const basic = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  return { url, auth: { basic } };
}
