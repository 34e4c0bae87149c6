import { HealthCheckResult } from '@internal/plugin-platform-common';
import Typography from '@material-ui/core/Typography';
import { CheckAdvice } from '../CheckList';
import { StatusIndicator } from '../StatusIndicator';

/**
 * Where live AWS disagrees with the registry: the drift checks that are not ok,
 * first and in words, so they are not lost in the full check list.
 */
export function DriftFindings(props: { checks: HealthCheckResult[] }) {
  const findings = props.checks.filter(c => c.status !== 'ok');
  if (props.checks.length === 0) {
    return (
      <Typography variant="body2">
        Drift was not checked in the last refresh.
      </Typography>
    );
  }
  if (findings.length === 0) {
    return (
      <Typography variant="body2">
        No drift: live AWS matches the registry in all {props.checks.length}{' '}
        compared settings.
      </Typography>
    );
  }
  return (
    <ul
      aria-label="Drift findings"
      style={{ paddingLeft: 0, listStyle: 'none' }}
    >
      {findings.map(check => (
        <li key={check.id} style={{ marginBottom: 8 }}>
          <Typography variant="subtitle2" component="div">
            {check.title}
          </Typography>
          <StatusIndicator status={check.status} summary={check.summary} />
          <CheckAdvice check={check} />
        </li>
      ))}
    </ul>
  );
}
