import { HealthCheckResult } from '@internal/plugin-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { clusterPlatformRows } from '../../lib/clusterPlatform';
import { StatusIndicator } from '../StatusIndicator';

/**
 * The cluster platform of a spoke: every EKS add-on and capability (the managed
 * Argo CD) with its status, the state and version EKS reports, and its health issues.
 */
export function ClusterPlatform(props: { checks: HealthCheckResult[] }) {
  const rows = clusterPlatformRows(props.checks);
  if (rows.length === 0) {
    return (
      <Typography variant="body2">
        The last refresh reported no add-ons or capabilities; refresh to read
        them again.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Add-ons and capabilities">
      <TableHead>
        <TableRow>
          {['Name', 'Kind', 'Status', 'State', 'Version', 'Health issues'].map(
            h => (
              <TableCell key={h} component="th" scope="col">
                {h}
              </TableCell>
            ),
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.key} data-platform-item={row.key}>
            <TableCell component="th" scope="row" role="rowheader">
              {row.name}
            </TableCell>
            <TableCell>{row.kind}</TableCell>
            <TableCell style={{ minWidth: 200 }}>
              <StatusIndicator status={row.status} summary={row.summary} />
            </TableCell>
            <TableCell>{row.state ?? '—'}</TableCell>
            <TableCell>{row.version ?? '—'}</TableCell>
            <TableCell>
              {row.issues.length === 0 ? (
                'None'
              ) : (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {row.issues.map((issue, i) => (
                    <li key={`${issue.code}-${i}`}>
                      <strong>{issue.code}</strong>
                      {issue.message ? `: ${issue.message}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
