import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkVpcCidr } from './checkVpcCidr';
import { fetchVpcCidrs } from './useVpcCidrs';

/**
 * Stops the form on a block that is malformed, the wrong size or taken. When the
 * registry cannot be read the form goes on: the server validates again anyway.
 */
export const cidrPickerValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  const scaffolderApi = apiHolder.get(scaffolderApiRef);
  let used: Awaited<ReturnType<typeof fetchVpcCidrs>>['used'] = [];
  if (scaffolderApi) {
    try {
      used = (await fetchVpcCidrs(scaffolderApi)).used;
    } catch {
      used = [];
    }
  }
  const problem = checkVpcCidr(value, used);
  if (problem) validation.addError(problem);
};
