import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entities } from './__testUtils__/fixtures';
import {
  hubHealthCard,
  hubTransitGatewayCard,
  platformPlugin,
  requestCard,
  requestsPage,
  resourceHealthCard,
  serviceSecretsCard,
  serviceSpokesCard,
  spokeHealthCard,
  spokesPage,
} from './plugin';
import { requestsRouteRef, rootRouteRef } from './routes';

describe('platformPlugin', () => {
  it('is the platform plugin with the Spokes page at /spokes', () => {
    expect(platformPlugin.id).toBe('platform');
    const page = createExtensionTester(spokesPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/spokes');
    expect(page.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
    expect(page.get(coreExtensionData.title)).toBe('Spokes');
  });

  it('has the Requests page at /requests', () => {
    const page = createExtensionTester(requestsPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/requests');
    expect(page.get(coreExtensionData.routeRef)).toBe(requestsRouteRef);
    expect(page.get(coreExtensionData.title)).toBe('Requests');
  });

  it('has the extension ids the README documents', () => {
    // getExtension is typed by id, so a wrong id also fails type-checking.
    for (const id of [
      'api:platform/health',
      'api:platform/requests',
      'page:platform',
      'page:platform/requests',
      'entity-card:platform/request',
      'entity-card:platform/spoke-health',
      'entity-card:platform/resource-health',
      'entity-card:platform/hub-health',
      'entity-card:platform/hub-transit-gateway-health',
      'entity-card:platform/service-spokes',
      'entity-card:platform/service-secrets',
    ] as const) {
      expect(platformPlugin.getExtension(id)).toBeDefined();
    }
  });

  const samples = {
    spokeSystem: entities.spokeSystem('dev'),
    spokeResource: entities.spokeResource('dev', 'eks'),
    hub: entities.hub,
    hubTransitGateway: entities.hubTransitGateway,
    service: entities.service('dev'),
  };

  /** The sample entities a card's filter lets through. */
  function shownOn(filter?: (entity: Entity) => boolean): string[] {
    return Object.entries(samples)
      .filter(([, entity]) => filter?.(entity))
      .map(([key]) => key);
  }
  const filterRef = EntityCardBlueprint.dataRefs.filterFunction;

  it('shows each card only on its entities', () => {
    expect(
      shownOn(createExtensionTester(spokeHealthCard).get(filterRef)),
    ).toEqual(['spokeSystem']);
    expect(
      shownOn(createExtensionTester(resourceHealthCard).get(filterRef)),
    ).toEqual(['spokeResource']);
    expect(
      shownOn(createExtensionTester(hubHealthCard).get(filterRef)),
    ).toEqual(['hub']);
    expect(
      shownOn(createExtensionTester(hubTransitGatewayCard).get(filterRef)),
    ).toEqual(['hubTransitGateway']);
    expect(
      shownOn(createExtensionTester(serviceSpokesCard).get(filterRef)),
    ).toEqual(['service']);
    expect(
      shownOn(createExtensionTester(serviceSecretsCard).get(filterRef)),
    ).toEqual(['service']);
    expect(shownOn(createExtensionTester(requestCard).get(filterRef))).toEqual([
      'spokeSystem',
      'service',
    ]);
  });
});
