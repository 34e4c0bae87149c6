export { CheckList, CheckAdvice } from './CheckList';
export { DetailsList } from './DetailsList';
