import { HandshakeInput, notWired, planHandshake } from './plan';

const qa = {
  name: 'qa',
  account: '555566667777',
  environmentClass: 'non-prod' as const,
  cidr: '10.4.0.0/16',
};
const base: HandshakeInput = {
  spokes: [qa],
  attachments: [
    {
      attachmentId: 'tgw-attach-1',
      vpcId: 'vpc-1',
      vpcOwnerId: qa.account,
      state: 'available',
      associatedRouteTableId: 'tgw-rtb-np',
    },
  ],
  routeTables: {
    hub: 'tgw-rtb-hub',
    classes: { 'non-prod': 'tgw-rtb-np', prod: 'tgw-rtb-prod' },
  },
  routes: {
    'tgw-rtb-hub': [
      {
        cidr: qa.cidr,
        attachmentId: 'tgw-attach-1',
        type: 'static',
        state: 'active',
      },
    ],
    'tgw-rtb-np': [
      {
        cidr: qa.cidr,
        attachmentId: 'tgw-attach-1',
        type: 'static',
        state: 'active',
      },
    ],
  },
  vpcCidrs: { 'tgw-attach-1': { cidr: qa.cidr } },
};

describe('planHandshake and notWired', () => {
  it('does nothing for a wired spoke and says it is wired', () => {
    expect(planHandshake(base)).toEqual({ actions: [], leftAlone: [] });
    expect(notWired(base, 'qa')).toBeUndefined();
  });

  it('says what is missing when the spoke has no attachment or a route is missing', () => {
    expect(notWired({ ...base, attachments: [] }, 'qa')).toBe(
      'no available attachment from 555566667777 associated with tgw-rtb-np',
    );
    expect(
      notWired({ ...base, routes: { ...base.routes, 'tgw-rtb-np': [] } }, 'qa'),
    ).toBe('tgw-rtb-np does not route 10.4.0.0/16 to tgw-attach-1');
  });

  it('leaves an attachment associated with the other class table for a person', () => {
    const plan = planHandshake({
      ...base,
      attachments: [
        { ...base.attachments[0], associatedRouteTableId: 'tgw-rtb-prod' },
      ],
    });
    expect(plan.actions).toEqual([]);
    expect(plan.leftAlone[0].reason).toBe(
      'associated with tgw-rtb-prod, not the non-prod table tgw-rtb-np; left for a person to move',
    );
  });

  it('never re-points a route that already leads to another attachment', () => {
    const plan = planHandshake({
      ...base,
      routes: {
        ...base.routes,
        'tgw-rtb-hub': [
          {
            cidr: qa.cidr,
            attachmentId: 'tgw-attach-old',
            type: 'static',
            state: 'active',
          },
        ],
      },
    });
    expect(plan.actions).toEqual([]);
    expect(plan.leftAlone[0].reason).toBe(
      'tgw-rtb-hub already routes 10.4.0.0/16 to tgw-attach-old; left for a person to check',
    );
  });
});
