/**
 * `ledgerlink/model`: the canonical accounting model — zod schemas, inferred types and exact money/date helpers.
 * Contains no provider code.
 * @module
 */
export * from './primitives';
export * from './common';
export * from './data-types';
export * from './registry';
export * from './address';
export * from './company';
export * from './account';
export * from './contact';
export * from './documents';
export * from './payment';
export * from './journal-entry';
export * from './item';
export * from './tax-rate';
export * from './tracking-category';
export * from './bank';
export * from './reports';
export * from './write';
