import { usePermission } from '@backstage/plugin-permission-react';
import { platformHealthRefreshPermission } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { errorMessage } from '../../lib/advice';

export interface RefreshButtonProps {
  /** The button's text, e.g. `Refresh now`. */
  label: string;
  /** Text while it runs, e.g. `Refreshing every spoke…`. */
  runningLabel: string;
  /** Does the refresh and reloads the page's data; resolves to what to tell the user. */
  onRefresh(): Promise<string>;
}

type State =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; message: string }
  | { phase: 'failed'; message: string };

/**
 * Starts a refresh now. Rendered only for people with `platform.health.refresh`;
 * the backend enforces the same permission.
 */
export function RefreshButton(props: RefreshButtonProps) {
  const { label, runningLabel, onRefresh } = props;
  const { allowed, loading } = usePermission({
    permission: platformHealthRefreshPermission,
  });
  const [state, setState] = useState<State>({ phase: 'idle' });

  if (loading || !allowed) return null;

  const refresh = async () => {
    setState({ phase: 'running' });
    try {
      setState({ phase: 'done', message: await onRefresh() });
    } catch (e) {
      setState({
        phase: 'failed',
        message: e instanceof Error ? errorMessage(e) : String(e),
      });
    }
  };

  const running = state.phase === 'running';
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        variant="outlined"
        color="primary"
        onClick={refresh}
        disabled={running}
        aria-busy={running}
        startIcon={
          running ? (
            <CircularProgress size={16} aria-hidden="true" />
          ) : (
            <RefreshIcon aria-hidden="true" />
          )
        }
      >
        {running ? runningLabel : label}
      </Button>
      <div aria-live="polite">
        {state.phase === 'done' && (
          <Typography variant="body2">{state.message}</Typography>
        )}
        {state.phase === 'failed' && (
          <Alert severity="error">
            Refresh failed: {state.message}. The scheduled refresh still runs;
            try again later.
          </Alert>
        )}
      </div>
    </Box>
  );
}
