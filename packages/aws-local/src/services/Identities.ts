import { randomAlnum, upperId } from '../lib/ids';

export interface IssuedCredentials {
  account: string;
  roleName: string;
  callerName: string;
}

/** Temporary access keys read `ASIA` + the role's 12-digit account + random. */
const ISSUED = /^ASIA(\d{12})[A-Z0-9]+$/;

/**
 * Maps access key ids to accounts: a 12-digit key id is that account; a key
 * issued by AssumeRole carries its role's account; anything else is the
 * default account.
 */
export class Identities {
  private readonly issued = new Map<string, IssuedCredentials>();

  constructor(private readonly defaultAccount: () => string) {}

  accountFor(accessKeyId: string): string {
    if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
    const match = ISSUED.exec(accessKeyId);
    if (match) return match[1];
    return this.defaultAccount();
  }

  issuedFor(accessKeyId: string): IssuedCredentials | undefined {
    return this.issued.get(accessKeyId);
  }

  issue(credentials: IssuedCredentials): {
    AccessKeyId: string;
    SecretAccessKey: string;
    SessionToken: string;
  } {
    const AccessKeyId = `ASIA${credentials.account}${randomAlnum(8)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, 'X')}`;
    this.issued.set(AccessKeyId, credentials);
    return {
      AccessKeyId,
      SecretAccessKey: randomAlnum(40),
      SessionToken: `aws-local-${randomAlnum(64)}`,
    };
  }

  /** The unique id IAM would give the role (`AROA…`). */
  static roleId(account: string, roleName: string): string {
    return `AROA${upperId(`role:${account}:${roleName}`, 17)}`;
  }
}
