import { Fragment } from 'react';
import {
  Content,
  ContentHeader,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  HEALTH_COMPONENT_TITLES,
  PLATFORM_COMPONENTS,
  SpokeHealthResponse,
} from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useParams } from 'react-router-dom';
import { platformHealthApiRef } from '../../api';
import { refreshSpokeAndWait } from '../../lib/refresh';
import { useSpoke, useSpokeHistory } from '../../hooks/useSpoke';
import { rootRouteRef } from '../../routes';
import { CheckList } from '../CheckList';
import { HealthErrorPanel } from '../HealthErrorPanel';
import { RefreshButton } from '../RefreshButton';
import { RefreshedAt } from '../RefreshedAt';
import { StatusIndicator } from '../StatusIndicator';
import { ClusterPlatform } from './ClusterPlatform';
import { DriftFindings } from './DriftFindings';
import { StatusHistory } from './StatusHistory';

function isNotFound(error: Error): boolean {
  return (
    (error instanceof ResponseError || error.name === 'ResponseError') &&
    (error as ResponseError).statusCode === 404
  );
}

function BackToList() {
  const listLink = useRouteRef(rootRouteRef);
  return listLink ? <Link to={listLink()}>All spokes</Link> : null;
}

function SpokeOverview(props: { spoke: SpokeHealthResponse }) {
  const { spoke } = props;
  return (
    <InfoCard title="Overall">
      <StatusIndicator
        status={spoke.status}
        summary={spoke.summary}
        size="medium"
      />
      <Box mt={1}>
        <Typography variant="body2">
          {[
            spoke.environmentClass,
            spoke.accountId && `account ${spoke.accountId}`,
            spoke.region,
          ]
            .filter(Boolean)
            .join(' · ')}
          {' · '}
          <EntityRefLink
            entityRef={spoke.entityRef}
            title="System in the catalog"
          />
        </Typography>
        <RefreshedAt refreshedAt={spoke.refreshedAt} stale={spoke.stale} />
      </Box>
    </InfoCard>
  );
}

function SpokeDetails(props: { spoke: SpokeHealthResponse }) {
  const { spoke } = props;
  const history = useSpokeHistory(spoke.spoke, spoke.refreshedAt);
  const drift = spoke.components.find(c => c.component === 'drift');
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <SpokeOverview spoke={spoke} />
      </Grid>
      {PLATFORM_COMPONENTS.map(component => {
        const health = spoke.components.find(c => c.component === component);
        const title = HEALTH_COMPONENT_TITLES[component];
        return (
          <Fragment key={component}>
            <Grid item xs={12}>
              <InfoCard title={title}>
                {health ? (
                  <>
                    <StatusIndicator
                      status={health.status}
                      summary={health.summary}
                      size="medium"
                    />
                    <Box mt={2}>
                      <CheckList
                        checks={health.checks}
                        label={`${title} checks`}
                      />
                    </Box>
                  </>
                ) : (
                  <Typography variant="body2">
                    The last refresh did not report {title}; refresh to check it
                    again.
                  </Typography>
                )}
              </InfoCard>
            </Grid>
            {component === 'eks' && (
              <Grid item xs={12}>
                <InfoCard
                  title="EKS add-ons and capabilities"
                  subheader="As the EKS API reports them: state, version and health issues"
                >
                  <ClusterPlatform checks={health?.checks ?? []} />
                </InfoCard>
              </Grid>
            )}
          </Fragment>
        );
      })}
      <Grid item xs={12}>
        <InfoCard title={HEALTH_COMPONENT_TITLES.drift}>
          <DriftFindings checks={drift?.checks ?? []} />
          {drift && drift.checks.length > 0 && (
            <Box mt={2}>
              <CheckList checks={drift.checks} label="Drift checks" />
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Status over time">
          {history.items && <StatusHistory items={history.items} />}
          {history.loading && !history.items && <Progress />}
          {history.error && (
            <HealthErrorPanel error={history.error} onRetry={history.retry} />
          )}
          {history.items && (
            <Box mt={2}>
              {history.olderError && (
                <HealthErrorPanel
                  error={history.olderError}
                  onRetry={() => history.loadOlder()}
                />
              )}
              {history.loadingOlder && <Progress />}
              {history.hasOlder && !history.loadingOlder && (
                <Button variant="outlined" onClick={() => history.loadOlder()}>
                  Show older refreshes
                </Button>
              )}
            </Box>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** One spoke: every check with its status and details, drift, and history. */
export function SpokeDetailPage() {
  const { name = '' } = useParams();
  const api = useApi(platformHealthApiRef);
  const spoke = useSpoke(name);

  // The backend queues the refresh and answers at once: wait for the new snapshot.
  const refreshSpoke = async () => {
    const { finished } = await refreshSpokeAndWait(api, name, spoke.value);
    spoke.retry();
    return finished
      ? `Refreshed ${name}.`
      : `The refresh of ${name} is still running; its result appears here when it finishes.`;
  };

  let body: JSX.Element;
  if (spoke.value) {
    body = (
      <>
        {spoke.error && (
          <Box mb={2}>
            <HealthErrorPanel error={spoke.error} onRetry={spoke.retry} />
          </Box>
        )}
        <SpokeDetails spoke={spoke.value} />
      </>
    );
  } else if (spoke.error && isNotFound(spoke.error)) {
    body = (
      <Alert severity="warning">
        <AlertTitle>No spoke named {name}</AlertTitle>
        Spoke health knows the spokes in the catalog (System entities annotated
        platform.io/spoke). Check the name, or pick a spoke from the list:{' '}
        <BackToList />.
      </Alert>
    );
  } else if (spoke.error) {
    body = <HealthErrorPanel error={spoke.error} onRetry={spoke.retry} />;
  } else {
    body = (
      <Box>
        <Typography variant="body2">Loading the checks of {name}…</Typography>
        <Progress />
      </Box>
    );
  }

  return (
    <Content>
      <Box mb={1}>
        <BackToList />
      </Box>
      <ContentHeader title={`Spoke ${name}`}>
        <RefreshButton
          label={`Refresh ${name}`}
          runningLabel={`Refreshing ${name}…`}
          onRefresh={refreshSpoke}
        />
      </ContentHeader>
      {body}
    </Content>
  );
}
