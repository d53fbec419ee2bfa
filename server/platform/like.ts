/** Searches with LIKE: the user's text matches itself, not as a pattern. */

/** `%`, `_` and `\\` escaped with PostgreSQL's default escape character, so "50%" finds "50%", not "500". */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, "\\$&");
}
