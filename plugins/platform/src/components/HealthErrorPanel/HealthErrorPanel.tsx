import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { describeLoadError } from '../../lib/advice';

/** A failed load in words, with what to do and a retry button. */
export function HealthErrorPanel(props: { error: Error; onRetry?(): void }) {
  const { error, onRetry } = props;
  const { title, advice } = describeLoadError(error);
  return (
    <Alert
      severity="error"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {advice}
    </Alert>
  );
}
