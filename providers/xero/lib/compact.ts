/**
 * Removes the own properties whose value is `undefined` (shallow): the core's {@link compact}, re-exported where the
 * Xero mappers import it.
 * @module
 */
export { compact } from '../../../src/provider/compact';
