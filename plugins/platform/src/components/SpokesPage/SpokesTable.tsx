import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HEALTH_COMPONENT_TITLES,
  PLATFORM_COMPONENTS,
} from '@internal/plugin-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ownerLabel, SpokeRow } from '../../lib/rows';
import { spokeRouteRef } from '../../routes';
import { RefreshedAt } from '../RefreshedAt';
import { CellIndicator } from '../StatusIndicator';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { verticalAlign: 'top' },
    '& a:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  scroll: { overflowX: 'auto' },
  spoke: { minWidth: 150 },
  name: { fontWeight: theme.typography.fontWeightBold as number },
  meta: { color: theme.palette.text.secondary },
  status: { minWidth: 160 },
  refreshed: { minWidth: 120 },
}));

export interface SpokesTableProps {
  rows: SpokeRow[];
  staleAfterSeconds?: number;
  now?: Date;
}

function SpokeName(props: { row: SpokeRow }) {
  const { row } = props;
  const classes = useStyles();
  const spokeLink = useRouteRef(spokeRouteRef);
  if (row.hasDetail && spokeLink) {
    return (
      <Link to={spokeLink({ name: row.name })} className={classes.name}>
        {row.name}
      </Link>
    );
  }
  if (row.entityRef) {
    return (
      <EntityRefLink
        entityRef={row.entityRef}
        defaultKind="system"
        title={row.name}
        className={classes.name}
      />
    );
  }
  return <span className={classes.name}>{row.name}</span>;
}

/** One row per spoke, hub first: each component's status with its reason. */
export function SpokesTable(props: SpokesTableProps) {
  const { rows, staleAfterSeconds, now } = props;
  const classes = useStyles();
  return (
    <div className={classes.scroll}>
      <Table className={classes.table} aria-label="Spokes" size="small">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col" className={classes.spoke}>
              Spoke
            </TableCell>
            {PLATFORM_COMPONENTS.map(component => (
              <TableCell component="th" scope="col" key={component}>
                {HEALTH_COMPONENT_TITLES[component]}
              </TableCell>
            ))}
            <TableCell component="th" scope="col">
              Overall
            </TableCell>
            <TableCell component="th" scope="col" className={classes.refreshed}>
              Last refreshed
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={`${row.isHub ? 'hub' : 'spoke'}:${row.name}`}
              data-spoke={row.name}
            >
              <TableCell component="th" scope="row" role="rowheader">
                <SpokeName row={row} />
                <Typography variant="body2" className={classes.meta}>
                  {[
                    row.isHub ? 'hub' : row.environmentClass,
                    row.owner && ownerLabel(row.owner),
                    row.accountId,
                    row.region,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography>
              </TableCell>
              {PLATFORM_COMPONENTS.map(component => (
                <TableCell key={component} className={classes.status}>
                  <CellIndicator cell={row.components[component]} />
                </TableCell>
              ))}
              <TableCell className={classes.status}>
                <CellIndicator cell={row.overall} />
              </TableCell>
              <TableCell>
                <RefreshedAt
                  refreshedAt={row.refreshedAt}
                  stale={row.stale}
                  staleAfterSeconds={staleAfterSeconds}
                  now={now}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
