import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Whole pages render slowly on a shared two-core machine; the default 1 s wait for
// findBy* queries is too short there, not a sign of a slow component.
configure({ asyncUtilTimeout: 10_000 });

// recharts' ResponsiveContainer measures itself with ResizeObserver, which jsdom
// lacks; every browser the portal supports has it.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??=
  NoopResizeObserver;
