import { ArnFormat, CfnOutput, Fn, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  externalImageUpstream,
  privateEcrImage,
  serviceResourceNames,
  spokeResourceNames,
} from '@internal/plugin-platform-common';
import { Construct } from 'constructs';
import {
  ServiceImage,
  ServiceImageMirror,
  ServiceRuntime,
} from '../constructs/service';
import { InfraHub, InfraService, InfraSpoke } from '../registry';
import { PlatformStack } from './platform-stack';

/**
 * SSM parameters each spoke stack publishes in its own account for the service
 * stacks of that account: same-account values resolved by CloudFormation at deploy
 * time, so a service stack never references the spoke stack (adding a service
 * never updates it) and synth never looks anything up.
 */
export const SPOKE_PARAMETERS = {
  vpcId: '/platform/spoke/vpc-id',
  /** Comma-separated, one per availability zone, in registry order. */
  privateSubnetIds: '/platform/spoke/private-subnet-ids',
  auroraEndpoint: '/platform/spoke/aurora/endpoint',
  auroraResourceId: '/platform/spoke/aurora/resource-id',
  auroraMasterSecretArn: '/platform/spoke/aurora/master-secret-arn',
} as const;

/** The five mandatory tags (seed 000) of everything a service creates. */
export interface ServiceTags {
  readonly Project: string;
  readonly Service: string;
  readonly Environment: string;
  readonly Owner: string;
  readonly Tenant: string;
}

/** The tag keys, in the seed's order. */
export const SERVICE_TAG_KEYS: ReadonlyArray<keyof ServiceTags> = [
  'Project',
  'Service',
  'Environment',
  'Owner',
  'Tenant',
];

const refName = (ref: string) => ref.replace(/^[a-z]+:(?:[^/]+\/)?/, '');

/**
 * Project: the registry's `hub.project` (the value runbook secrets use too); Service: the service name;
 * Environment: the spoke (or `hub`); Owner: the owning team; Tenant: the catalog
 * System the service serves (its team when it names none).
 */
export function serviceTags(
  hub: InfraHub,
  service: InfraService,
  environment: string,
): ServiceTags {
  return {
    Project: hub.project ?? 'platform',
    Service: service.name,
    Environment: environment,
    Owner: refName(service.owner),
    Tenant: refName(service.system ?? service.owner),
  };
}

function applyTags(scope: Construct, tags: ServiceTags) {
  for (const key of SERVICE_TAG_KEYS) Tags.of(scope).add(key, tags[key]);
}

/** Whether a service's image comes from outside the platform (`image.source: external`). */
export function isExternalImage(service: InfraService): boolean {
  return service.image?.source === 'external';
}

/**
 * Whether a service has anything in the hub: its own image's repository, or the
 * mirror of an external image. An external image already in the hub ECR (e.g. one of
 * `hub.yaml` `ecr.repositories`) has neither, and spokes pull it as it is.
 */
export function needsServiceHubStack(service: InfraService): boolean {
  return !(
    isExternalImage(service) && privateEcrImage(service.image?.reference ?? '')
  );
}

/** Properties for {@link ServiceHubStack}. */
export interface ServiceHubStackProps {
  readonly hub: InfraHub;
  /** Spokes of the registry; the service's target spokes may pull. */
  readonly spokes: readonly InfraSpoke[];
  readonly service: InfraService;
}

/**
 * `platform-service-<name>-hub`: the service's image in the hub account. An own
 * image gets an ECR repository and the `github-push-<name>` role; an external one a
 * pull-through cache rule that mirrors it.
 */
export class ServiceHubStack extends PlatformStack {
  readonly image?: ServiceImage;
  readonly mirror?: ServiceImageMirror;
  readonly tags_: ServiceTags;

  constructor(scope: Construct, id: string, props: ServiceHubStackProps) {
    const { hub, service } = props;
    super(scope, id, {
      env: { account: hub.account, region: hub.region },
      availabilityZones: hub.network.availabilityZones,
      description: `Service ${service.name} in the hub: image repository and CI access`,
    });
    const names = serviceResourceNames(service.name);
    const pullAccounts = props.spokes
      .filter(s => service.environments.includes(s.name))
      .map(s => s.account);
    this.tags_ = serviceTags(hub, service, 'hub');
    applyTags(this, this.tags_);

    if (isExternalImage(service)) {
      const reference = service.image?.reference ?? '';
      const upstream = externalImageUpstream(reference);
      if (!upstream) {
        throw new Error(
          `ServiceHubStack: image.reference '${reference}' of ${service.name} is not on a registry the hub can mirror`,
        );
      }
      const credentialArn = hub.ecr.upstreamCredentials?.[upstream.registry];
      if (upstream.credential && !credentialArn) {
        throw new Error(
          `ServiceHubStack: ${service.name} mirrors ${upstream.registry}, which needs a credential; add hub.yaml ecr.upstreamCredentials.${upstream.registry}`,
        );
      }
      this.mirror = new ServiceImageMirror(this, 'Mirror', {
        serviceName: service.name,
        prefix: names.pullThroughPrefix,
        upstreamRegistryUrl: upstream.upstream,
        credentialArn: upstream.credential ? credentialArn : undefined,
        upstreamPath: upstream.path,
        tag: upstream.tag,
        pullAccounts,
        tags: { ...this.tags_ },
      });
      new CfnOutput(this, 'ImageRepository', {
        value: `${hub.account}.dkr.ecr.${hub.region}.amazonaws.com/${this.mirror.repositoryName}`,
      });
      return;
    }
    this.image = new ServiceImage(this, 'Image', {
      repositoryName: names.ecrRepository,
      pullAccounts,
      ci: service.ci && {
        oidcProviderArn: this.formatArn({
          service: 'iam',
          region: '',
          resource: 'oidc-provider',
          resourceName: 'token.actions.githubusercontent.com',
        }),
        organization: hub.github.org,
        repository: service.ci.repository,
        roleName: names.pushRoleName,
        environment: names.buildEnvironment,
      },
    });
    new CfnOutput(this, 'ImageRepository', {
      value: this.image.repository.repositoryUri,
    });
    if (this.image.pushRole) {
      new CfnOutput(this, 'PushRoleArn', {
        value: this.image.pushRole.roleArn,
      });
    }
  }
}

/** Properties for {@link ServiceSpokeStack}. */
export interface ServiceSpokeStackProps {
  readonly hub: InfraHub;
  readonly spoke: InfraSpoke;
  readonly service: InfraService;
}

/**
 * `platform-service-<name>-<spoke>`: the service's part of one spoke account (config
 * secret, pod identity role and association, database user), reading the spoke's
 * ids from the SSM parameters the spoke stack publishes.
 */
export class ServiceSpokeStack extends PlatformStack {
  readonly runtime: ServiceRuntime;
  readonly tags_: ServiceTags;

  constructor(scope: Construct, id: string, props: ServiceSpokeStackProps) {
    const { hub, spoke, service } = props;
    super(scope, id, {
      env: { account: spoke.account, region: spoke.region },
      availabilityZones: spoke.network.availabilityZones,
      description: `Service ${service.name} on spoke ${spoke.name}: config secret, pod identity, database user`,
    });
    const names = serviceResourceNames(service.name);
    const spokeNames = spokeResourceNames(spoke.name);
    this.tags_ = serviceTags(hub, service, spoke.name);
    applyTags(this, this.tags_);
    const param = (name: string) =>
      ssm.StringParameter.valueForStringParameter(this, name);

    const database = service.database && {
      schema: service.database.schema,
      user: service.database.user,
      auth: service.database.auth ?? 'iam',
      ddl: service.database.ddl ?? false,
      secretName: names.databaseSecretName,
      target: {
        clusterArn: this.formatArn({
          service: 'rds',
          resource: 'cluster',
          resourceName: spokeNames.dbClusterIdentifier,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        clusterResourceId: param(SPOKE_PARAMETERS.auroraResourceId),
        endpoint: param(SPOKE_PARAMETERS.auroraEndpoint),
        masterSecretArn: param(SPOKE_PARAMETERS.auroraMasterSecretArn),
        vpc: ec2.Vpc.fromVpcAttributes(this, 'SpokeVpc', {
          vpcId: param(SPOKE_PARAMETERS.vpcId),
          availabilityZones: spoke.network.availabilityZones,
          privateSubnetIds: Fn.split(
            ',',
            param(SPOKE_PARAMETERS.privateSubnetIds),
            spoke.network.availabilityZones.length,
          ),
        }),
      },
    };
    this.runtime = new ServiceRuntime(this, 'Runtime', {
      serviceName: service.name,
      clusterName: spokeNames.eksClusterName,
      namespace: names.namespace,
      serviceAccount: names.serviceAccount,
      secretName: names.configSecretName,
      database,
    });
    new CfnOutput(this, 'PodRoleArn', { value: this.runtime.role.roleArn });
    new CfnOutput(this, 'ConfigSecretArn', {
      value: this.runtime.secret.secretArn,
    });
  }
}

/** Writes {@link SPOKE_PARAMETERS} in a spoke stack. */
export function publishSpokeParameters(
  stack: Stack,
  values: Record<keyof typeof SPOKE_PARAMETERS, string>,
): void {
  for (const [key, parameterName] of Object.entries(SPOKE_PARAMETERS)) {
    new ssm.StringParameter(
      stack,
      `Param${key[0].toUpperCase()}${key.slice(1)}`,
      {
        parameterName,
        description: `Read by the service stacks of this account (${key})`,
        stringValue: values[key as keyof typeof SPOKE_PARAMETERS],
      },
    );
  }
}
