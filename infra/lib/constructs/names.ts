/** `non-prod` → `NonProd`: registry names as construct ids. */
export function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * external-dns's roles: the one it runs as in the spoke, and the one it assumes in
 * the hub to write the spoke's public records. Fixed names, because the two
 * accounts' stacks never reference each other.
 */
export function externalDnsRoleNames(spokeName: string): {
  spokeRole: string;
  hubRole: string;
} {
  return {
    spokeRole: 'platform-external-dns',
    hubRole: `platform-external-dns-${spokeName}`,
  };
}
