import {
  isPlatformComponent,
  parseSpokesAnnotation,
  PLATFORM_COMPONENTS,
  spokePublicZoneName,
  spokeResourceNames,
} from './annotations';
import * as main from './index';

describe('catalog annotations', () => {
  it('recognises exactly the three platform components', () => {
    expect(PLATFORM_COMPONENTS.filter(isPlatformComponent)).toEqual([
      'eks',
      'tgw-attachment',
      'aurora',
    ]);
    expect(isPlatformComponent('vpc')).toBe(false);
  });
});

describe('main entry', () => {
  it('exports no Node-only loader, so it stays safe for the browser', () => {
    expect(Object.keys(main)).not.toContain('loadRegistry');
    expect(main.parseRegistry).toBeInstanceOf(Function);
  });
});

describe('spokePublicZoneName', () => {
  it('puts the spoke name in front of the hub zone', () => {
    expect(spokePublicZoneName('dev', 'app.example.com')).toBe(
      'dev.app.example.com',
    );
  });
});

describe('spokeResourceNames', () => {
  it('names the EKS cluster after the spoke and the Aurora cluster <spoke>-aurora', () => {
    expect(spokeResourceNames('staging')).toEqual({
      eksClusterName: 'staging',
      dbClusterIdentifier: 'staging-aurora',
    });
  });
});

describe('parseSpokesAnnotation', () => {
  it('splits, trims, drops empty entries and duplicates', () => {
    expect(parseSpokesAnnotation(' dev, staging,,dev ')).toEqual([
      'dev',
      'staging',
    ]);
  });

  it('returns no spokes when the annotation is missing or empty', () => {
    expect(parseSpokesAnnotation(undefined)).toEqual([]);
    expect(parseSpokesAnnotation('')).toEqual([]);
  });
});
