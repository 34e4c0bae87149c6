import { planDeploy, phaseMatrix, PHASES, TEARDOWN_ENVIRONMENT } from './plan';
import {
  assemblyOf,
  planInputs,
  registry,
  withoutSpoke,
  withSpoke,
} from './__testUtils__';

const sample = { registry, assembly: assemblyOf(registry) };

describe('planDeploy', () => {
  it('plans the hub, then the new spoke, then the hub-side handshake for a PR adding a spoke', () => {
    const head = withSpoke('qa', '555566667777', 'non-prod', '10.4.0.0/16');
    const plan = planDeploy(
      planInputs(sample, { registry: head, assembly: assemblyOf(head) }),
    );
    expect(plan.steps.map(s => [s.phase, s.title])).toEqual([
      ['hub', 'deploy / platform-hub'],
      ['spokes', 'deploy / platform-spoke-qa'],
      ['handshake', 'handshake / qa'],
    ]);
    const [hub, spoke, handshake] = plan.steps;
    expect(hub).toMatchObject({
      environment: 'hub',
      account: '111122223333',
      approval: false,
    });
    expect(spoke).toMatchObject({
      environment: 'qa',
      account: '555566667777',
      reason: 'new stack',
      dependsOn: ['deploy:platform-hub'],
    });
    expect(handshake).toMatchObject({
      action: 'handshake',
      spoke: 'qa',
      environment: 'hub',
      dependsOn: ['deploy:platform-hub', 'deploy:platform-spoke-qa'],
    });
    expect(plan.approvals).toEqual([]);
  });

  it('asks for approval when the new spoke is prod-class', () => {
    const head = withSpoke('prod-2', '555566667777', 'prod', '10.4.0.0/16');
    const plan = planDeploy(
      planInputs(sample, { registry: head, assembly: assemblyOf(head) }),
    );
    expect(plan.steps.find(s => s.environment === 'prod-2')?.approval).toBe(
      true,
    );
    expect(plan.approvals).toEqual([
      {
        environment: 'prod-2',
        reason: 'deploys to the prod-class account 555566667777',
      },
    ]);
  });

  it('plans no CloudFormation deploy for a PR touching only a service chart', () => {
    // A chart change leaves every synthesized template as it was.
    const services = [{ name: 'orders', spokes: ['dev', 'prod'] }];
    const before = { registry, assembly: assemblyOf(registry, { services }) };
    const after = { registry, assembly: assemblyOf(registry, { services }) };
    const plan = planDeploy(planInputs(before, after));
    expect(plan.steps).toEqual([]);
    expect(plan.approvals).toEqual([]);
  });

  it("deploys a service's changed spoke stacks after their spoke, each in its account", () => {
    const before = {
      registry,
      assembly: assemblyOf(registry, {
        services: [{ name: 'orders', spokes: ['dev', 'prod'] }],
      }),
    };
    const after = {
      registry,
      assembly: assemblyOf(registry, {
        services: [{ name: 'orders', spokes: ['dev', 'prod'], version: '2' }],
      }),
    };
    const plan = planDeploy(planInputs(before, after));
    expect(plan.steps.map(s => [s.title, s.environment, s.approval])).toEqual([
      ['deploy / platform-service-orders-dev', 'dev', false],
      ['deploy / platform-service-orders-prod', 'prod', true],
    ]);
    expect(plan.approvals.map(a => a.environment)).toEqual(['prod']);
  });

  it("plans a deleted spoke's teardown in seed 004's order, behind approval", () => {
    const services = [{ name: 'orders', spokes: ['dev', 'staging'] }];
    const head = withoutSpoke('staging');
    const plan = planDeploy(
      planInputs(
        { registry, assembly: assemblyOf(registry, { services }) },
        {
          registry: head,
          assembly: assemblyOf(head, {
            services: [{ name: 'orders', spokes: ['dev'] }],
          }),
        },
      ),
    );
    expect(plan.teardown).toEqual(['staging']);
    expect(plan.steps.map(s => [s.phase, s.title])).toEqual([
      // 1. the workloads
      ['teardown-workloads', 'destroy / platform-service-orders-staging'],
      // 2. the spoke's infrastructure
      ['teardown-spokes', 'destroy / platform-spoke-staging'],
      // 3. the hub's share and routes
      ['hub', 'deploy / platform-hub'],
      ['handshake', 'release / staging'],
    ]);
    const byId = Object.fromEntries(plan.steps.map(s => [s.id, s]));
    expect(byId['destroy:platform-spoke-staging'].dependsOn).toEqual([
      'destroy:platform-service-orders-staging',
    ]);
    expect(byId['deploy:platform-hub'].dependsOn).toEqual([
      'destroy:platform-spoke-staging',
    ]);
    expect(byId['release:staging']).toMatchObject({
      environment: 'hub',
      approval: true,
      dependsOn: ['deploy:platform-hub', 'destroy:platform-spoke-staging'],
    });
    for (const step of plan.steps.filter(s => s.action === 'destroy')) {
      expect(step).toMatchObject({ approval: true, environment: 'staging' });
    }
    expect(plan.approvals[0]).toEqual({
      environment: TEARDOWN_ENVIRONMENT,
      reason: 'tears down spoke staging',
    });
  });

  it('keeps every step in a phase after the phases of what it depends on', () => {
    const head = withSpoke('qa', '555566667777', 'non-prod', '10.4.0.0/16');
    const services = [{ name: 'orders', spokes: ['qa'] }];
    const plan = planDeploy(
      planInputs(sample, {
        registry: head,
        assembly: assemblyOf(head, { services }),
      }),
    );
    const phaseOf = Object.fromEntries(
      plan.steps.map(s => [s.id, PHASES.indexOf(s.phase)]),
    );
    for (const step of plan.steps) {
      for (const dep of step.dependsOn) {
        expect(phaseOf[dep]).toBeLessThan(PHASES.indexOf(step.phase));
      }
    }
    expect(
      plan.steps.find(s => s.id === 'deploy:platform-service-orders-qa'),
    ).toMatchObject({
      phase: 'workloads',
      dependsOn: [
        'deploy:platform-service-orders-hub',
        'deploy:platform-spoke-qa',
        'handshake:qa',
      ],
    });
    expect(phaseMatrix(plan, 'spokes').include.map(s => s.stackName)).toEqual([
      'platform-spoke-qa',
    ]);
  });

  it('names a stack outside the platform conventions instead of guessing its order', () => {
    const head = assemblyOf(registry);
    const odd = {
      ...head,
      stacks: [
        ...head.stacks,
        { ...head.stacks[0], stackName: 'my-experiment' },
      ],
    };
    expect(() =>
      planDeploy(planInputs(sample, { registry, assembly: odd })),
    ).toThrow(/stack my-experiment does not follow the platform's stack names/);
  });
});
