export * from './PlatformHealthApi';
export * from './PlatformHealthClient';
