import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ServiceSecret,
  ServiceSecretsInEnvironment,
} from '@internal/plugin-platform-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformHealthApiRef } from '../api';
import { HealthErrorPanel } from '../components/HealthErrorPanel';

/** Where the New secret template lives in the app. */
export const NEW_SECRET_TEMPLATE_PATH = '/create/templates/default/new-secret';

const day = (iso?: string) => (iso ? iso.slice(0, 10) : '—');

function rotationText(secret: ServiceSecret): string {
  if (!secret.rotationEnabled) return 'Off';
  return secret.nextRotationAt
    ? `On, next ${day(secret.nextRotationAt)}`
    : 'On';
}

function SecretRows(props: { environment: ServiceSecretsInEnvironment }) {
  const { environment } = props;
  if (environment.status === 'unknown') {
    return (
      <TableRow>
        <TableCell>{environment.environment}</TableCell>
        <TableCell colSpan={5}>
          Could not list secrets: {environment.reason}
        </TableCell>
      </TableRow>
    );
  }
  if (environment.secrets.length === 0) {
    return (
      <TableRow>
        <TableCell>{environment.environment}</TableCell>
        <TableCell colSpan={5}>No secrets tagged for this service</TableCell>
      </TableRow>
    );
  }
  return (
    <>
      {environment.secrets.map(secret => (
        <TableRow key={secret.arn}>
          <TableCell>{environment.environment}</TableCell>
          <TableCell>
            <Typography variant="body2">{secret.name}</Typography>
            {secret.description && (
              <Typography variant="caption">{secret.description}</Typography>
            )}
          </TableCell>
          <TableCell>
            {secret.tags.map(t => `${t.key}=${t.value}`).join(', ')}
            {secret.missingTags.length > 0 && (
              <Typography variant="caption" color="error" display="block">
                Missing mandatory tags: {secret.missingTags.join(', ')}
              </Typography>
            )}
          </TableCell>
          <TableCell>{day(secret.lastChangedAt ?? secret.createdAt)}</TableCell>
          <TableCell>{rotationText(secret)}</TableCell>
          <TableCell>{secret.kmsKeyId ?? 'AWS managed key'}</TableCell>
        </TableRow>
      ))}
    </>
  );
}

/**
 * On a service's Component: its runbook secrets in each spoke it runs on, read by tag.
 * Names, tags, dates, rotation and key only; the portal cannot read a value.
 */
export function ServiceSecretsCard() {
  const { entity } = useEntity();
  const api = useApi(platformHealthApiRef);
  const state = useAsyncRetry(
    () => api.getServiceSecrets(entity.metadata.name),
    [api, entity.metadata.name],
  );
  return (
    <InfoCard
      title="Secrets"
      subheader="Runbook secrets in Secrets Manager, per spoke (values are never shown)"
      deepLink={{ title: 'New secret', link: NEW_SECRET_TEMPLATE_PATH }}
    >
      {state.error && (
        <HealthErrorPanel error={state.error} onRetry={state.retry} />
      )}
      {!state.value && !state.error && state.loading && <Progress />}
      {state.value && state.value.environments.length === 0 && (
        <Alert severity="info">
          This service names no spoke the registry knows (platform.io/spokes).
        </Alert>
      )}
      {state.value && state.value.environments.length > 0 && (
        <Table size="small" aria-label="Secrets of this service per spoke">
          <TableHead>
            <TableRow>
              <TableCell>Spoke</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Tags</TableCell>
              <TableCell>Last changed</TableCell>
              <TableCell>Rotation</TableCell>
              <TableCell>KMS key</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.value.environments.map(environment => (
              <SecretRows
                key={environment.environment}
                environment={environment}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="body2" style={{ marginTop: 8 }}>
        <Link to={NEW_SECRET_TEMPLATE_PATH}>Create a secret</Link> for this
        service.
      </Typography>
    </InfoCard>
  );
}
