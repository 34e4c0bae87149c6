import { render, RenderResult } from '@testing-library/react';
import App from '../App';

/**
 * Renders the real app with the given config. The app reads its config once per
 * module instance, so each configuration gets its own test file.
 */
export function renderAppWithConfig(
  data: Record<string, unknown>,
): RenderResult {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [{ data, context: 'test' }] as any,
  };
  return render(App.createRoot());
}
