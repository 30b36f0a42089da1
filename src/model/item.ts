/**
 * Products and services.
 * @module
 */
import { z } from 'zod';
import { BaseRecordShape, Ref } from './common';
import { Decimal, Money } from './primitives';

/** Kind of item. */
export const ItemType = z
  .enum(['Inventory', 'NonInventory', 'Service', 'Unknown'])
  .describe('Kind of item: tracked stock, untracked goods, or a service.');
/** Kind of item. */
export type ItemType = z.output<typeof ItemType>;

/** Status of an item. */
export const ItemStatus = z.enum(['Active', 'Archived', 'Unknown']).describe('Whether the item is in use.');
/** Status of an item. */
export type ItemStatus = z.output<typeof ItemStatus>;

/** Buying or selling defaults of an item. */
export const ItemTradeDetailsSchema = z
  .object({
    description: z.string().optional().describe('Line description used on documents.'),
    unitPrice: Money.optional().describe('Default unit price.'),
    accountRef: Ref.optional().describe('Default ledger account.'),
    taxRateRef: Ref.optional().describe('Default tax rate.'),
    taxInclusive: z.boolean().optional().describe('Whether `unitPrice` includes tax.'),
  })
  .describe('Buying or selling defaults of an item.');
/** Buying or selling defaults of an item. */
export type ItemTradeDetails = z.output<typeof ItemTradeDetailsSchema>;

/** A product or service. */
export const ItemSchema = z
  .object({
    ...BaseRecordShape,
    code: z.string().optional().describe('Item code / SKU.'),
    name: z.string().min(1).describe('Item name.'),
    description: z.string().optional().describe('Description.'),
    type: ItemType.describe('Kind of item.'),
    isBought: z.boolean().default(false).describe('Whether it is bought (appears on bills).'),
    isSold: z.boolean().default(false).describe('Whether it is sold (appears on invoices).'),
    billDetails: ItemTradeDetailsSchema.optional().describe('Defaults when bought.'),
    invoiceDetails: ItemTradeDetailsSchema.optional().describe('Defaults when sold.'),
    quantityOnHand: Decimal.optional().describe('Stock on hand for tracked inventory.'),
    inventoryAccountRef: Ref.optional().describe('Asset account holding the stock value of tracked inventory.'),
    unitOfMeasure: z.string().optional().describe('Unit the quantity counts (e.g. "hour", "kg").'),
    parentRef: Ref.optional().describe('Parent item or category, where items are grouped.'),
    status: ItemStatus.describe('Whether the item is in use.'),
  })
  .describe('A product or service.');
/** A product or service. */
export type Item = z.output<typeof ItemSchema>;
