export {
  KubernetesVersionField,
  kubernetesVersionOptions,
} from './KubernetesVersionField';
export { kubernetesVersionValidation } from './validation';
