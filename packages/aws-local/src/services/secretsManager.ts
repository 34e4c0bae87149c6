import { createHash } from 'crypto';
import { AwsError } from '../lib/errors';
import { upperId, uuidFrom } from '../lib/ids';
import { paginate } from '../lib/paginate';
import { json11Protocol } from '../protocols/json';
import { Ec2Tag, Secret } from '../state/types';
import { targetRoute } from './targetRoute';
import { CallContext, Route, Service } from './types';

const invalidParameter = (message: string) =>
  new AwsError('InvalidParameterException', message, 400);

type Input = Record<string, any>;

function findSecret(secrets: Secret[], id: unknown): Secret {
  if (typeof id !== 'string' || !id) {
    throw invalidParameter('You must provide a SecretId.');
  }
  // A name, the full ARN, or the ARN without its random six-character suffix.
  const found = secrets.find(
    s =>
      s.Name === id ||
      s.ARN === id ||
      s.ARN.replace(/-[A-Za-z0-9]{6}$/, '') === id,
  );
  if (!found) {
    throw new AwsError(
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    );
  }
  return found;
}

function validTags(tags: unknown): Ec2Tag[] {
  if (tags === undefined) return [];
  if (
    !Array.isArray(tags) ||
    tags.some(t => typeof t?.Key !== 'string' || typeof t?.Value !== 'string')
  ) {
    throw invalidParameter('Tags must be a list of { Key, Value } strings.');
  }
  return tags.map(t => ({ Key: t.Key, Value: t.Value }));
}

/** DescribeSecret output: the record without anything that is not an output member. */
function describe(secret: Secret) {
  return { ...secret };
}

function listEntry(secret: Secret) {
  const { VersionIdsToStages, ...rest } = secret;
  return { ...rest, SecretVersionsToStages: VersionIdsToStages };
}

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

/** Prefix matching as ListSecrets documents it; `!` negates a value. */
function filterSecrets(
  secrets: Secret[],
  filters: Array<{ Key?: string; Values?: string[] }>,
): Secret[] {
  const predicates = filters.map(f => {
    if (!f.Key || !FILTER_KEYS.includes(f.Key)) {
      throw invalidParameter(
        `Invalid filter key: ${f.Key}. Valid keys: ${FILTER_KEYS.join(', ')}`,
      );
    }
    const key = f.Key;
    const values = f.Values ?? [];
    const caseInsensitive = key === 'description' || key === 'all';
    const read = (s: Secret): string[] => {
      switch (key) {
        case 'description':
          return s.Description ? [s.Description] : [];
        case 'name':
          return [s.Name];
        case 'tag-key':
          return (s.Tags ?? []).map(t => t.Key);
        case 'tag-value':
          return (s.Tags ?? []).map(t => t.Value);
        case 'primary-region':
          return s.PrimaryRegion ? [s.PrimaryRegion] : [];
        case 'owning-service':
          return s.OwningService ? [s.OwningService] : [];
        default:
          return [
            s.Name,
            s.Description ?? '',
            ...(s.Tags ?? []).flatMap(t => [t.Key, t.Value]),
          ].flatMap(text => text.split(/[\s/_.:,!-]+/));
      }
    };
    const norm = (v: string) => (caseInsensitive ? v.toLowerCase() : v);
    return (s: Secret) => {
      const actual = read(s).map(norm);
      return values.some(raw => {
        const negate = raw.startsWith('!');
        const wanted = norm(negate ? raw.slice(1) : raw);
        const hit = actual.some(a => a.startsWith(wanted));
        return negate ? !hit : hit;
      });
    };
  });
  return secrets.filter(s => predicates.every(p => p(s)));
}

type Handler = (ctx: CallContext, input: Input) => unknown;

const operations: Record<string, Handler> = {
  CreateSecret(ctx, input) {
    const secrets = ctx.state.region(ctx.account, ctx.region).secretsManager
      .secrets;
    const name = input.Name;
    if (typeof name !== 'string' || !/^[\w/+=.@!-]{1,512}$/.test(name)) {
      throw invalidParameter(
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      );
    }
    const token = input.ClientRequestToken;
    if (
      token !== undefined &&
      (typeof token !== 'string' || token.length < 32 || token.length > 64)
    ) {
      throw invalidParameter(
        'ClientRequestToken must be between 32 and 64 characters long.',
      );
    }
    const hasValue =
      input.SecretString !== undefined || input.SecretBinary !== undefined;
    const store = ctx.state.region(ctx.account, ctx.region).secretsManager;
    const digests = (store.versionDigests ??= {});
    const digest = hasValue
      ? createHash('sha256')
          .update(String(input.SecretString ?? input.SecretBinary))
          .digest('hex')
      : '';
    const existing = secrets.find(s => s.Name === name);
    if (existing) {
      // A retry with the same token and value is ignored, as AWS documents for
      // ClientRequestToken; the same token with another value is refused.
      if (token && existing.VersionIdsToStages?.[token]) {
        if (digests[`${existing.ARN}:${token}`] === digest) {
          return { ARN: existing.ARN, Name: existing.Name, VersionId: token };
        }
        throw new AwsError(
          'ResourceExistsException',
          'A resource with the ID you requested already exists.',
        );
      }
      throw new AwsError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const versionId: string | undefined = hasValue
      ? input.ClientRequestToken ??
        uuidFrom(`${ctx.account}:${name}:${Date.now()}`)
      : undefined;
    // The value itself is never stored: nothing here reads it back.
    const secret: Secret = {
      ARN: `arn:aws:secretsmanager:${ctx.region}:${
        ctx.account
      }:secret:${name}-${upperId(
        `${ctx.account}:${name}:${ctx.now.toISOString()}`,
        6,
      )}`,
      Name: name,
      Description: input.Description,
      KmsKeyId: input.KmsKeyId,
      CreatedDate: ctx.now,
      LastChangedDate: ctx.now,
      PrimaryRegion: ctx.region,
      Tags: validTags(input.Tags),
      VersionIdsToStages: versionId
        ? { [versionId]: ['AWSCURRENT'] }
        : undefined,
    };
    secrets.push(secret);
    if (versionId) digests[`${secret.ARN}:${versionId}`] = digest;
    return { ARN: secret.ARN, Name: secret.Name, VersionId: versionId };
  },

  DescribeSecret(ctx, input) {
    const secrets = ctx.state.region(ctx.account, ctx.region).secretsManager
      .secrets;
    return describe(findSecret(secrets, input.SecretId));
  },

  ListSecrets(ctx, input) {
    const maxResults = input.MaxResults;
    if (
      maxResults !== undefined &&
      (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
    ) {
      throw invalidParameter('MaxResults must be between 1 and 100.');
    }
    const sortOrder = input.SortOrder ?? 'desc';
    let secrets = ctx.state
      .region(ctx.account, ctx.region)
      .secretsManager.secrets.filter(
        s => input.IncludePlannedDeletion || !s.DeletedDate,
      );
    secrets = filterSecrets(secrets, input.Filters ?? []);
    secrets = [...secrets].sort((a, b) => {
      const d = a.CreatedDate.getTime() - b.CreatedDate.getTime();
      const byDate = d !== 0 ? d : a.Name.localeCompare(b.Name);
      return sortOrder === 'asc' ? byDate : -byDate;
    });
    const { page: found, next } = paginate(secrets, {
      operation: 'ListSecrets',
      token: input.NextToken,
      maxResults,
      defaultMax: 100,
      invalidToken: () =>
        new AwsError(
          'InvalidNextTokenException',
          'The NextToken value is not valid.',
        ),
    });
    return { SecretList: found.map(listEntry), NextToken: next };
  },

  TagResource(ctx, input) {
    const secrets = ctx.state.region(ctx.account, ctx.region).secretsManager
      .secrets;
    const secret = findSecret(secrets, input.SecretId);
    const tags = validTags(input.Tags);
    const merged = new Map((secret.Tags ?? []).map(t => [t.Key, t.Value]));
    for (const t of tags) merged.set(t.Key, t.Value);
    secret.Tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
    return {};
  },
};

/** Secrets Manager over awsJson1_1 (no operation here ever reads a value back). */
export const secretsManagerService: Service = {
  signingName: 'secretsmanager',
  protocol: json11Protocol({ internalErrorCode: 'InternalServiceError' }),
  route(req): Route {
    return targetRoute(req, 'secretsmanager.', operations);
  },
};
