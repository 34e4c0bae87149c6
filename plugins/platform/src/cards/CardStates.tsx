import { Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { HealthErrorPanel } from '../components/HealthErrorPanel';

/** Loading and error states shared by the entity cards; `null` once there is data. */
export function CardLoadState(props: {
  loading: boolean;
  error?: Error;
  hasValue: boolean;
  onRetry(): void;
  /** The spoke the card asked for, to name it when the backend does not know it. */
  spoke?: string;
}) {
  const { loading, error, hasValue, onRetry, spoke } = props;
  if (hasValue) return null;
  if (error) {
    const notFound =
      (error instanceof ResponseError || error.name === 'ResponseError') &&
      (error as ResponseError).statusCode === 404;
    if (notFound && spoke) {
      return (
        <Alert severity="warning">
          Spoke health has no spoke named {spoke} (from this entity's
          platform.io/spoke annotation). The catalog module writes the
          annotation from the registry; if the spoke was just added, its first
          refresh runs within the schedule.
        </Alert>
      );
    }
    return <HealthErrorPanel error={error} onRetry={onRetry} />;
  }
  if (loading) {
    return (
      <>
        <Typography variant="body2">Loading spoke health…</Typography>
        <Progress />
      </>
    );
  }
  return null;
}
