/**
 * Tracking categories (Xero tracking, QuickBooks classes and departments, …).
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';

/** Status of a tracking category. */
export const TrackingCategoryStatus = z.enum(['Active', 'Archived', 'Unknown']).describe('Whether the category is in use.');
/** Status of a tracking category. */
export type TrackingCategoryStatus = z.output<typeof TrackingCategoryStatus>;

/** A tracking reference on a line: the category and the chosen option. */
export const TrackingRefSchema = z
  .object({
    categoryRef: Ref.describe('The tracking category (e.g. "Region").'),
    optionRef: Ref.optional().describe('The chosen option (e.g. "North"), where categories have options.'),
  })
  .describe('Tracking on a line: category and option.');
/** Tracking on a line. */
export type TrackingRef = z.output<typeof TrackingRefSchema>;

/**
 * A tracking category. Two shapes are both valid and providers pick the one they have: two-level tracking (Xero
 * categories with options) lists `options`; hierarchies (QuickBooks classes and departments) send one record per node
 * with `parentRef` and `hasChildren`.
 */
export const TrackingCategorySchema = z
  .object({
    ...BaseRecordShape,
    name: z.string().min(1).describe('Name of the category or option.'),
    parentRef: Ref.optional().describe('The parent category for an option or sub-category.'),
    hasChildren: z.boolean().default(false).describe('True when options or sub-categories exist below it.'),
    options: z
      .array(
        z
          .object({
            id: z.string().min(1).describe('Option id.'),
            name: z.string().describe('Option name.'),
            status: TrackingCategoryStatus.describe('Option status.'),
          })
          .describe('An option of the category.'),
      )
      .default([])
      .describe('Options of the category (providers with two-level tracking).'),
    status: TrackingCategoryStatus.describe('Whether the category is in use.'),
    type: z.string().optional().describe('The provider’s kind of category (QuickBooks `Class` or `Department`).'),
  })
  .describe('A tracking category (Xero tracking category, QuickBooks class or department).');
/** A tracking category. */
export type TrackingCategory = z.output<typeof TrackingCategorySchema>;
