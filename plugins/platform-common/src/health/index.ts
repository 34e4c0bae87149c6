export * from './types';
export * from './rollUp';
export * from './fixtures';
