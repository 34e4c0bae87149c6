import { isDate } from '../lib/errors';
/** How a service names XML elements and list members. */
export interface XmlNaming {
  element(key: string): string;
  member(listKey: string): string;
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function scalar(value: unknown): string {
  if (isDate(value)) return value.toISOString();
  return escapeXml(String(value));
}

/** Renders `value` as `<name>…</name>`; undefined members are left out. */
export function xmlElement(
  name: string,
  value: unknown,
  naming: XmlNaming,
  key: string = name,
): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const member = naming.member(key);
    return `<${name}>${value
      .map(item => xmlElement(member, item, naming, member))
      .join('')}</${name}>`;
  }
  if (typeof value === 'object' && !isDate(value)) {
    return `<${name}>${xmlMembers(
      value as Record<string, unknown>,
      naming,
    )}</${name}>`;
  }
  return `<${name}>${scalar(value)}</${name}>`;
}

export function xmlMembers(
  value: Record<string, unknown>,
  naming: XmlNaming,
): string {
  return Object.entries(value)
    .map(([k, v]) => xmlElement(naming.element(k), v, naming, k))
    .join('');
}
