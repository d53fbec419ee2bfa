/**
 * The table of a "bad input is refused and writes nothing" test: cases grouped by endpoint, each a body that
 * alters the endpoint's valid body, the status and code expected, and optionally who sends it. The test file
 * keeps its fixtures, its snapshot of what must not change, and its assertions; this builds the requests.
 */
import type { InjectOptions } from "fastify";

/** A body: an object, a function building it when the case runs (fixtures exist by then), raw JSON text. */
export type Body = object | (() => object) | string | undefined;
/** [body, "status code", who sends it instead of the group's actor] */
export type Entry<Who extends string> = [Body, string, Who?];
/**
 * Cases of one endpoint: `endpoint` is "METHOD /path" with {fixture} placeholders, `base` the valid body the
 * cases alter. A case's `url` field replaces the path (and is not sent).
 */
export interface Group<Who extends string> {
  by: Who;
  endpoint: string;
  base?: () => object;
  cases: Record<string, Entry<Who>>;
}

export const V = "400 validation_failed";
export const NF = "404 not_found";
export const F = "403 forbidden";

/** Every case as [`group: title`, group, body, expected, who] for `it.each`. */
export function caseList<Who extends string>(groups: Record<string, Group<Who>>) {
  return Object.entries(groups).flatMap(([name, group]) =>
    Object.entries(group.cases).map(
      ([title, [body, expected, by]]) =>
        [`${name}: ${title}`, group, body, expected, by ?? group.by] as const,
    ),
  );
}

/**
 * The request of one case, its {placeholders} filled from the fixtures. Without a base body, an empty body is
 * sent as none — except to PATCH, where an empty body is a case of its own ("nothing to change").
 */
export function caseRequest<Who extends string>(
  group: Group<Who>,
  body: Body,
  fixtures: Record<string, number>,
): {
  method: InjectOptions["method"];
  url: string;
  headers: Record<string, string>;
  payload?: string | object;
} {
  const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, k: string) => String(fixtures[k]));
  const [method, path] = group.endpoint.split(" ") as [InjectOptions["method"], string];
  if (typeof body === "string") {
    return { method, url: fill(path), headers: { "content-type": "application/json" }, payload: body };
  }
  const { url, ...fields } = (typeof body === "function" ? body() : (body ?? {})) as { url?: string };
  const payload = group.base
    ? { ...group.base(), ...fields }
    : method === "PATCH" || Object.keys(fields).length
      ? fields
      : undefined;
  return { method, url: fill(url ?? path), headers: {}, payload };
}
