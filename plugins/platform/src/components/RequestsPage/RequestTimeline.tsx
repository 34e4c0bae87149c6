import { Link } from '@backstage/core-components';
import { TimelineStep } from '@internal/plugin-platform-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Error from '@material-ui/icons/Error';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import RadioButtonUnchecked from '@material-ui/icons/RadioButtonUnchecked';
import Autorenew from '@material-ui/icons/Autorenew';
import { STATE_LABELS } from '../../lib/requests';
import { formatTimestamp } from '../../lib/time';

function StateIcon(props: { state: TimelineStep['state'] }) {
  const label = STATE_LABELS[props.state];
  const common = { fontSize: 'small' as const, titleAccess: label };
  switch (props.state) {
    case 'done':
      return <CheckCircle {...common} style={{ color: '#2e7d32' }} />;
    case 'failed':
      return <Error {...common} color="error" />;
    case 'running':
      return <Autorenew {...common} color="primary" />;
    case 'waiting':
      return <HourglassEmpty {...common} color="action" />;
    default:
      return <RadioButtonUnchecked {...common} color="disabled" />;
  }
}

function Step(props: { step: TimelineStep; depth: number }) {
  const { step, depth } = props;
  return (
    <li data-testid={`step-${step.id}`} data-state={step.state}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} ml={depth * 3}>
        <StateIcon state={step.state} />
        <Typography variant={depth ? 'body2' : 'subtitle2'} component="span">
          {step.url ? <Link to={step.url}>{step.title}</Link> : step.title}
        </Typography>
        <Typography variant="body2" color="textSecondary" component="span">
          {STATE_LABELS[step.state]}
          {step.at && (
            <>
              {' · '}
              <time dateTime={step.at}>{formatTimestamp(step.at)}</time>
            </>
          )}
        </Typography>
      </Box>
      {step.detail && (
        <Box ml={depth * 3 + 3.5}>
          <Typography variant="body2">{step.detail}</Typography>
        </Box>
      )}
      {!!step.children?.length && (
        <ul style={{ listStyle: 'none', paddingLeft: 0 }}>
          {step.children.map(child => (
            <Step key={child.id} step={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** A request's steps: opened, checks, review, merged, deployed (per leg), healthy. */
export function RequestTimeline(props: { steps: TimelineStep[] }) {
  return (
    <ul aria-label="Timeline" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {props.steps.map(step => (
        <Step key={step.id} step={step} depth={0} />
      ))}
    </ul>
  );
}
