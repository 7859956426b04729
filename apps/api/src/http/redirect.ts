/** Whitespace and control characters: browsers drop or rewrite them in a URL ("/\t/evil" becomes "//evil"). */
const UNSAFE = /[\s\u0000-\u001f\u007f-\u009f]/;

/**
 * The Location for a redirect to a target a visitor supplied (`/lang/es?next=...`): the target
 * resolved as a URL against PUBLIC_URL, kept only when it stays on that origin, as a path that
 * cannot be read as another host. Anything else (another origin, a scheme-relative `//host`,
 * `/\host`, control characters or whitespace anywhere, not a string) gives `/`.
 */
export function safeRedirectPath(target: unknown, publicUrl: string): string {
  if (typeof target !== 'string' || !target || target.length > 2000 || UNSAFE.test(target)) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(publicUrl);
    url = new URL(target, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin || url.username || url.password) return '/';
  const path = url.pathname + url.search + url.hash;
  // A path that starts with two slashes (from "/.//host") would be read as a host by the browser.
  return path.startsWith('/') && !/^\/[/\\]/.test(path) ? path : '/';
}
