import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_PLATFORM_COMPONENT,
  ANNOTATION_PLATFORM_SPOKE,
  HEALTH_COMPONENT_TITLES,
  isPlatformComponent,
} from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CheckAdvice } from '../components/CheckList';
import { RefreshedAt } from '../components/RefreshedAt';
import { StatusIndicator } from '../components/StatusIndicator';
import { useSpoke } from '../hooks/useSpoke';
import { spokeRouteRef } from '../routes';
import { CardLoadState } from './CardStates';

/**
 * On a spoke's EKS, TGW attachment or Aurora Resource: the status of that
 * component and each of its checks.
 */
export function ResourceHealthCard() {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATION_PLATFORM_SPOKE] ?? '';
  const component = annotations[ANNOTATION_PLATFORM_COMPONENT];
  const spoke = useSpoke(name);
  const spokeLink = useRouteRef(spokeRouteRef);
  const value = spoke.value;
  const title = isPlatformComponent(component)
    ? `${HEALTH_COMPONENT_TITLES[component]} health`
    : 'Health';
  const health = value?.components.find(c => c.component === component);
  return (
    <InfoCard
      title={title}
      subheader={`In spoke ${name}`}
      deepLink={
        value && spokeLink
          ? { title: `All checks of ${name}`, link: spokeLink({ name }) }
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
      {value && !health && (
        <Typography variant="body2">
          The last refresh of {name} did not check {component}: refresh the
          spoke, or check this Resource's platform.io/component annotation.
        </Typography>
      )}
      {value && health && (
        <>
          <StatusIndicator
            status={health.status}
            summary={health.summary}
            size="medium"
          />
          <ul aria-label="Checks" style={{ paddingLeft: 0, listStyle: 'none' }}>
            {health.checks.map(check => (
              <li key={check.id} style={{ marginTop: 8 }} data-check={check.id}>
                <Typography variant="subtitle2" component="div">
                  {check.title}
                </Typography>
                <StatusIndicator
                  status={check.status}
                  summary={check.summary}
                />
                <CheckAdvice check={check} />
              </li>
            ))}
          </ul>
          <Box mt={1}>
            <RefreshedAt refreshedAt={value.refreshedAt} stale={value.stale} />
          </Box>
        </>
      )}
    </InfoCard>
  );
}
