export * from './PlatformHealthApi';
export * from './PlatformHealthClient';
export * from './PlatformRequestsApi';
export * from './PlatformRequestsClient';
