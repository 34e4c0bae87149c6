import { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { checkVpcCidr } from './checkVpcCidr';
import { useVpcCidrs } from './useVpcCidrs';

/**
 * `ui:field: PlatformCidrPicker`: a VPC CIDR input that proposes the next free block
 * from the platform registry and says, as the person types, what a block overlaps.
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
    schema: { title = 'VPC CIDR', description },
  } = props;
  const { value: cidrs, loading, error } = useVpcCidrs();
  const proposed = cidrs?.proposed;

  // Fill the proposal in once, unless the person already typed something.
  useEffect(() => {
    if (proposed && !formData) onChange(proposed);
  }, [proposed, formData, onChange]);

  const problem =
    cidrs && formData ? checkVpcCidr(formData, cidrs.used) : undefined;
  let helperText: string;
  if (loading)
    helperText = 'Reading the ranges in use from the platform registry…';
  else if (error) {
    helperText = `Could not read the ranges in use (${error.message}); the server still checks the block.`;
  } else if (problem) helperText = problem;
  else if (formData && formData === proposed) {
    helperText = `The next free block in the registry.${
      description ? ` ${description}` : ''
    }`;
  } else helperText = description ?? '';

  return (
    <Box>
      <TextField
        id={idSchema?.$id}
        label={title}
        placeholder="10.4.0.0/16"
        required={required}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
        error={Boolean(problem) || (rawErrors?.length ?? 0) > 0}
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
