import { HealthCheckResult } from '@internal/plugin-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { adviceForFailure, failureOf } from '../../lib/advice';
import { StatusIndicator } from '../StatusIndicator';
import { DetailsList } from './DetailsList';

/** What to do about a check that could not run, if its details say why. */
export function CheckAdvice(props: { check: HealthCheckResult }) {
  const { check } = props;
  if (check.status !== 'unknown') return null;
  const advice = adviceForFailure(failureOf(check.details));
  if (!advice) return null;
  return (
    <Alert severity="info" icon={false} style={{ marginTop: 4 }}>
      <strong>What to do:</strong> {advice}
    </Alert>
  );
}

/** Every check of a component: its status, reason, what to do, and the facts behind it. */
export function CheckList(props: {
  checks: HealthCheckResult[];
  /** Accessible name of the table, e.g. `EKS checks`. */
  label: string;
}) {
  const { checks, label } = props;
  if (checks.length === 0) {
    return (
      <Typography variant="body2">
        No checks ran for this component in the last refresh.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Check
          </TableCell>
          <TableCell component="th" scope="col">
            Status
          </TableCell>
          <TableCell component="th" scope="col">
            Details
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {checks.map(check => (
          <TableRow key={check.id} data-check={check.id}>
            <TableCell
              component="th"
              scope="row"
              role="rowheader"
              style={{ verticalAlign: 'top' }}
            >
              {check.title}
            </TableCell>
            <TableCell style={{ verticalAlign: 'top', minWidth: 240 }}>
              <StatusIndicator status={check.status} summary={check.summary} />
              <CheckAdvice check={check} />
            </TableCell>
            <TableCell style={{ verticalAlign: 'top' }}>
              <DetailsList details={check.details} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
