export {
  AddressPoolPickerField,
  fetchAddressPools,
} from './AddressPoolPickerField';
export type { AddressPoolOption } from './AddressPoolPickerField';
