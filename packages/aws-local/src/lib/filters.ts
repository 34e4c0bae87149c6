import { AwsError } from './errors';

/** How one filter name reads its values off a resource. */
export type FilterFields<T> = Record<string, (item: T) => unknown>;

function wildcard(pattern: string): RegExp {
  const special: Record<string, string> = { '*': '.*', '?': '.' };
  const re = pattern
    .split('')
    .map(ch => special[ch] ?? ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
    .join('');
  return new RegExp(`^${re}$`);
}

function asStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(asStrings);
  return [String(value)];
}

/**
 * EC2-style filtering: filters AND together, a filter's values OR together,
 * values may use `*` and `?`; `tag:<key>` and `tag-key` read the `Tags` list.
 * An unknown filter name is an error, as in AWS.
 */
export function applyFilters<T>(
  items: T[],
  filters: Array<{ name: string; values: string[] }>,
  fields: FilterFields<T>,
  options: {
    unknownFilter: (name: string) => AwsError;
    tags?: (item: T) => Array<{ Key: string; Value: string }>;
    wildcards?: boolean;
  },
): T[] {
  const predicates = filters.map(({ name, values }) => {
    let read = fields[name];
    if (!read && options.tags && name.startsWith('tag:')) {
      const key = name.slice(4);
      read = item =>
        options.tags!(item)
          .filter(t => t.Key === key)
          .map(t => t.Value);
    }
    if (!read && options.tags && name === 'tag-key') {
      read = item => options.tags!(item).map(t => t.Key);
    }
    if (!read) throw options.unknownFilter(name);
    const reader = read;
    const matchers = values.map(v =>
      options.wildcards === false
        ? (s: string) => s === v
        : (s: string) => wildcard(v).test(s),
    );
    return (item: T) => {
      const actual = asStrings(reader(item));
      return actual.some(a => matchers.some(m => m(a)));
    };
  });
  return items.filter(item => predicates.every(p => p(item)));
}
