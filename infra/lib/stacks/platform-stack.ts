import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties shared by the hub and spoke stacks. */
export interface PlatformStackProps extends StackProps {
  /**
   * The availability zones the stack may use. Given explicitly so that synth never
   * looks them up (no credentials, no `cdk.context.json`).
   */
  readonly availabilityZones: string[];
}

/**
 * A stack whose availability zones come from the registry instead of a context
 * lookup: `Stack.availabilityZones` on an environment-bound stack would otherwise
 * ask AWS (or return dummy zones) at synth time.
 */
export class PlatformStack extends Stack {
  private readonly explicitAzs: string[];

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    this.explicitAzs = [...props.availabilityZones];
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'Availability zones come from the registry on purpose, so that synth never looks them up and every spoke file states where it runs.',
    });
  }

  override get availabilityZones(): string[] {
    return this.explicitAzs;
  }
}
