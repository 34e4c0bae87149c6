/** `non-prod` → `NonProd`: registry names as construct ids. */
export function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The role external-dns runs as in each spoke (writes the spoke's own public zones). */
export const EXTERNAL_DNS_ROLE_NAME = 'platform-external-dns';

/**
 * The hub role a spoke's stack assumes to delegate its public subdomains (NS records
 * only). A fixed name, because the two accounts' stacks never reference each other.
 */
export function zoneDelegationRoleName(spokeName: string): string {
  return `platform-dns-delegation-${spokeName}`;
}
