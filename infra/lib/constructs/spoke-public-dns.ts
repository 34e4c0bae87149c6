import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { pascal } from './names';

/** A subdomain the spoke owns and the hub public zone it is delegated from. */
export interface SpokeSubdomain {
  /** e.g. `dev.app.example.com`. */
  readonly zoneName: string;
  /** The hub's public zone, e.g. `app.example.com`. */
  readonly parentZoneName: string;
}

/** Properties for {@link SpokePublicDns}. */
export interface SpokePublicDnsProps {
  /** The spoke's subdomains; the first names the certificate. */
  readonly subdomains: SpokeSubdomain[];
  /** The hub role that may write the subdomains' NS records (PublicZoneDelegation). */
  readonly delegationRoleArn: string;
}

/**
 * The spoke's public names, all in this account: a public hosted zone per subdomain,
 * delegated from the hub's zone by `CrossAccountZoneDelegationRecord` (the NS record
 * written through the hub's delegation role), and one ACM certificate for
 * `*.<subdomain>` of every subdomain, DNS-validated in those zones. The AWS Load
 * Balancer Controller finds it by an Ingress host one label under a subdomain.
 */
export class SpokePublicDns extends Construct {
  readonly zones: route53.PublicHostedZone[];
  readonly certificate: acm.Certificate;
  /** The names the certificate covers, `*.<subdomain>` each. */
  readonly certificateNames: string[];

  constructor(scope: Construct, id: string, props: SpokePublicDnsProps) {
    super(scope, id);
    if (props.subdomains.length === 0) {
      throw new Error(
        'SpokePublicDns: subdomains must list at least one subdomain',
      );
    }
    for (const { zoneName, parentZoneName } of props.subdomains) {
      if (!zoneName.endsWith(`.${parentZoneName}`)) {
        throw new Error(
          `SpokePublicDns: ${zoneName} is not a subdomain of ${parentZoneName}`,
        );
      }
    }
    const delegationRole = iam.Role.fromRoleArn(
      this,
      'DelegationRole',
      props.delegationRoleArn,
      { mutable: false },
    );
    const delegations: Construct[] = [];
    this.zones = props.subdomains.map(({ zoneName, parentZoneName }) => {
      const zoneId = pascal(zoneName);
      const zone = new route53.PublicHostedZone(this, `Zone${zoneId}`, {
        zoneName,
        comment: `Delegated from ${parentZoneName} in the hub`,
      });
      delegations.push(
        new route53.CrossAccountZoneDelegationRecord(
          this,
          `Delegation${zoneId}`,
          {
            delegatedZone: zone,
            parentHostedZoneName: parentZoneName,
            delegationRole,
          },
        ),
      );
      return zone;
    });

    this.certificateNames = this.zones.map(z => `*.${z.zoneName}`);
    const validationZones: Record<string, route53.IHostedZone> = {};
    this.certificateNames.forEach((name, i) => {
      validationZones[name] = this.zones[i];
    });
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: this.certificateNames[0],
      subjectAlternativeNames:
        this.certificateNames.length > 1
          ? this.certificateNames.slice(1)
          : undefined,
      validation: acm.CertificateValidation.fromDnsMultiZone(validationZones),
      certificateName: `${props.subdomains[0].zoneName} public hosts`,
    });
    // ACM can only see the validation records once the parent delegates the zone.
    for (const d of delegations) this.certificate.node.addDependency(d);
  }
}
