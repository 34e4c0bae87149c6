import { useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { checkVpcCidr } from './checkVpcCidr';
import { addressRequestOf } from './addressRequest';
import { useVpcCidrs } from './useVpcCidrs';

/**
 * `ui:field: PlatformCidrPicker`: a VPC CIDR input that proposes the next free block
 * of the chosen size from the chosen address pool (the form's `size`, `pool` and
 * `environmentClass`, else the registry's defaults), and says, as the person types,
 * what is wrong with a block.
 */
export const CidrPickerField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    formContext,
    schema: { title = 'VPC CIDR', description },
  } = props;
  const request = addressRequestOf(
    (formContext as { formData?: unknown } | undefined)?.formData,
  );
  const { value: cidrs, loading, error } = useVpcCidrs(request);
  const proposed = cidrs?.proposed;
  const lastProposal = useRef<string | undefined>(undefined);

  // Fill the proposal in, and follow it when the pool or size changes, unless the
  // person typed a block of their own.
  useEffect(() => {
    if (!proposed) return;
    if (!formData || formData === lastProposal.current) {
      if (formData !== proposed) onChange(proposed);
    }
    lastProposal.current = proposed;
  }, [proposed, formData, onChange]);

  const problem =
    cidrs && formData
      ? checkVpcCidr(formData, cidrs.used, {
          size: request.size,
          pool: cidrs.pool,
        })
      : undefined;
  let helperText: string;
  if (loading)
    helperText = 'Reading the ranges in use from the platform registry…';
  else if (error) {
    helperText = `Could not read the ranges in use (${error.message}); the server still checks the block.`;
  } else if (problem) helperText = problem;
  else if (cidrs?.proposalError && !formData) {
    helperText = `No block to propose: ${cidrs.proposalError}`;
  } else if (formData && formData === proposed) {
    helperText = `The next free block${
      cidrs?.pool ? ` in pool ${cidrs.pool.name}` : ''
    }.${description ? ` ${description}` : ''}`;
  } else helperText = description ?? '';

  return (
    <Box>
      <TextField
        id={idSchema?.$id}
        label={title}
        placeholder="10.4.0.0/20"
        required={required}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
        error={
          Boolean(problem) ||
          Boolean(cidrs?.proposalError && !formData) ||
          (rawErrors?.length ?? 0) > 0
        }
        helperText={helperText}
        margin="normal"
        fullWidth
        inputProps={{ 'aria-label': title }}
        FormHelperTextProps={{ style: { marginLeft: 0 } }}
      />
      {proposed && formData !== proposed && (
        <Button
          size="small"
          variant="outlined"
          onClick={() => onChange(proposed)}
        >
          Use {proposed}
        </Button>
      )}
      {cidrs && (
        <Typography variant="caption" component="p" color="textSecondary">
          In use: {cidrs.used.map(u => `${u.owner} ${u.cidr}`).join(', ')}
        </Typography>
      )}
    </Box>
  );
};
