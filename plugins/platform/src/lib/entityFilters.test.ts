import { entities } from '../__testUtils__/fixtures';
import {
  isHubSystem,
  isHubTransitGateway,
  isServiceOnSpokes,
  isSpokeResource,
  isSpokeSystem,
} from './entityFilters';

describe('entity card filters', () => {
  it('put the spoke card on spoke Systems only', () => {
    expect(isSpokeSystem(entities.spokeSystem('dev'))).toBe(true);
    expect(isSpokeSystem(entities.hub)).toBe(false);
    expect(isSpokeSystem(entities.spokeResource('dev', 'eks'))).toBe(false);
  });

  it('put the hub card on the hub System only', () => {
    expect(isHubSystem(entities.hub)).toBe(true);
    expect(isHubSystem(entities.spokeSystem('dev'))).toBe(false);
  });

  it("put the resource card on a spoke's EKS, attachment and Aurora", () => {
    for (const component of ['eks', 'tgw-attachment', 'aurora']) {
      expect(isSpokeResource(entities.spokeResource('dev', component))).toBe(
        true,
      );
    }
    expect(isSpokeResource(entities.spokeResource('dev', 'ecr'))).toBe(false);
    expect(isSpokeResource(entities.hubTransitGateway)).toBe(false);
  });

  it("put the transit gateway card on the hub's Transit Gateway", () => {
    expect(isHubTransitGateway(entities.hubTransitGateway)).toBe(true);
    expect(
      isHubTransitGateway(entities.spokeResource('dev', 'tgw-attachment')),
    ).toBe(false);
  });

  it('put the spokes card on Components that name spokes', () => {
    expect(isServiceOnSpokes(entities.service('dev, staging'))).toBe(true);
    expect(isServiceOnSpokes(entities.service(' , '))).toBe(false);
    expect(isServiceOnSpokes(entities.spokeSystem('dev'))).toBe(false);
  });
});
