/** A parsed query-protocol request (`Action=…&Version=…&…`), flat as sent. */
export type QueryParams = Map<string, string>;

export function parseQueryBody(
  body: string,
  url: URLSearchParams,
): QueryParams {
  const params: QueryParams = new Map();
  for (const [k, v] of url) params.set(k, v);
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indexed(
  params: QueryParams,
  pattern: RegExp,
): Array<{ index: number; key: string; value: string }> {
  const out: Array<{ index: number; key: string; value: string }> = [];
  for (const [key, value] of params) {
    const m = pattern.exec(key);
    if (m) out.push({ index: Number(m[1]), key, value });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * A list parameter: `Ids.1`, `Ids.member.1` or `Ids.<MemberName>.1`, in index order.
 */
export function listParam(params: QueryParams, prefix: string): string[] {
  return indexed(
    params,
    new RegExp(`^${escapeRe(prefix)}(?:\\.[A-Za-z]+)?\\.(\\d+)$`),
  ).map(e => e.value);
}

export interface QueryFilter {
  name: string;
  values: string[];
}

/**
 * Filters as EC2 sends them (`Filter.1.Name`, `Filter.1.Value.1`) and as RDS
 * does (`Filters.Filter.1.Name`, `Filters.Filter.1.Values.Value.1`).
 */
export function filtersParam(
  params: QueryParams,
  prefix: string,
): QueryFilter[] {
  const base = `^${escapeRe(prefix)}(?:\\.(?:member|Filter))?\\.(\\d+)`;
  return indexed(params, new RegExp(`${base}\\.Name$`)).map(
    ({ index, value }) => ({
      name: value,
      values: indexed(
        params,
        new RegExp(
          `^${escapeRe(
            prefix,
          )}(?:\\.(?:member|Filter))?\\.${index}\\.(?:Value|Values(?:\\.(?:member|Value))?)\\.(\\d+)$`,
        ),
      ).map(e => e.value),
    }),
  );
}

export function intParam(params: QueryParams, key: string): number | undefined {
  const v = params.get(key);
  return v === undefined ? undefined : Number(v);
}
