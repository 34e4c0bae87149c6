import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PLATFORM_SPOKE,
  HEALTH_COMPONENTS,
} from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { RefreshedAt } from '../components/RefreshedAt';
import { StatusIndicator } from '../components/StatusIndicator';
import { useSpoke } from '../hooks/useSpoke';
import { spokeRouteRef } from '../routes';
import { CardLoadState } from './CardStates';

/** On a spoke's System: its overall status and each component's, with the reason. */
export function SpokeHealthCard() {
  const { entity } = useEntity();
  const name = entity.metadata.annotations?.[ANNOTATION_PLATFORM_SPOKE] ?? '';
  const spoke = useSpoke(name);
  const spokeLink = useRouteRef(spokeRouteRef);
  const value = spoke.value;
  return (
    <InfoCard
      title="Spoke health"
      deepLink={
        value && spokeLink
          ? { title: 'All checks and history', link: spokeLink({ name }) }
          : undefined
      }
    >
      <CardLoadState
        loading={spoke.loading}
        error={spoke.error}
        hasValue={!!value}
        onRetry={spoke.retry}
        spoke={name}
      />
      {value && (
        <>
          <StatusIndicator
            status={value.status}
            summary={value.summary}
            size="medium"
          />
          <Table size="small" aria-label={`Components of ${name}`}>
            <TableBody>
              {HEALTH_COMPONENTS.map(component => {
                const health = value.components.find(
                  c => c.component === component,
                );
                if (!health) return null;
                return (
                  <TableRow key={component} data-component={component}>
                    <TableCell
                      component="th"
                      scope="row"
                      role="rowheader"
                      style={{ verticalAlign: 'top' }}
                    >
                      {health.title}
                    </TableCell>
                    <TableCell>
                      <StatusIndicator
                        status={health.status}
                        summary={health.summary}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <Box mt={1}>
            <RefreshedAt refreshedAt={value.refreshedAt} stale={value.stale} />
          </Box>
        </>
      )}
    </InfoCard>
  );
}
