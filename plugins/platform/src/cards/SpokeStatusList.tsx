import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { HealthStatus } from '@internal/plugin-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { RefreshedAt } from '../components/RefreshedAt';
import { StatusIndicator } from '../components/StatusIndicator';
import { spokeRouteRef } from '../routes';

/** A line of {@link SpokeStatusList}. */
export interface SpokeStatusItem {
  spoke: string;
  status: HealthStatus;
  summary: string;
  refreshedAt?: string;
  stale: boolean;
  /** False for names spoke health does not know: no detail page to link to. */
  known: boolean;
}

/** A compact spoke list for entity cards: name (linked to its detail), status and reason. */
export function SpokeStatusList(props: {
  items: SpokeStatusItem[];
  label: string;
  statusTitle?: string;
}) {
  const { items, label, statusTitle = 'Status' } = props;
  const spokeLink = useRouteRef(spokeRouteRef);
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell component="th" scope="col">
            Spoke
          </TableCell>
          <TableCell component="th" scope="col">
            {statusTitle}
          </TableCell>
          <TableCell component="th" scope="col">
            Refreshed
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => (
          <TableRow key={item.spoke} data-spoke={item.spoke}>
            <TableCell
              component="th"
              scope="row"
              role="rowheader"
              style={{ verticalAlign: 'top' }}
            >
              {item.known && spokeLink ? (
                <Link to={spokeLink({ name: item.spoke })}>{item.spoke}</Link>
              ) : (
                item.spoke
              )}
            </TableCell>
            <TableCell style={{ verticalAlign: 'top' }}>
              <StatusIndicator status={item.status} summary={item.summary} />
            </TableCell>
            <TableCell style={{ verticalAlign: 'top' }}>
              <RefreshedAt refreshedAt={item.refreshedAt} stale={item.stale} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
