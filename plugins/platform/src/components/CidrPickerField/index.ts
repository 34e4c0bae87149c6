export { CidrPickerField } from './CidrPickerField';
export { checkVpcCidr } from './checkVpcCidr';
export type { UsedCidr } from './checkVpcCidr';
export { cidrPickerValidation } from './validation';
export { addressRequestOf } from './addressRequest';
export type { CidrChoice } from './checkVpcCidr';
