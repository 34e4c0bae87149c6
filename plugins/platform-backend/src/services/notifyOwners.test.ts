import { notifyOwners } from './notifyOwners';

describe('notifyOwners', () => {
  it("sends one notification per change to the spoke's owners, on the platform-health topic", async () => {
    const send = jest.fn(async () => {});
    await notifyOwners({ send })([
      {
        spoke: 'staging',
        entityRef: 'system:default/staging',
        status: 'critical',
        summary: 'Transit Gateway: no route to 10.2.0.0/16 in the hub table',
        kind: 'critical',
        previous: 'ok',
      },
      {
        spoke: 'dev',
        entityRef: 'system:default/dev',
        status: 'ok',
        summary: 'All checks pass',
        kind: 'recovered',
        previous: 'critical',
      },
    ]);
    expect(send.mock.calls).toEqual([
      [
        {
          recipients: { type: 'entity', entityRef: 'system:default/staging' },
          payload: {
            title: 'Spoke staging is critical',
            description:
              'Transit Gateway: no route to 10.2.0.0/16 in the hub table',
            link: '/spokes/staging',
            severity: 'critical',
            topic: 'platform-health',
            scope: 'platform-health:staging',
          },
        },
      ],
      [
        {
          recipients: { type: 'entity', entityRef: 'system:default/dev' },
          payload: {
            title: 'Spoke dev recovered',
            description: 'All checks pass',
            link: '/spokes/dev',
            severity: 'normal',
            topic: 'platform-health',
            scope: 'platform-health:dev',
          },
        },
      ],
    ]);
  });
});
