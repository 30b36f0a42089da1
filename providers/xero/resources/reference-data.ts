/**
 * Organisation, accounts, bank accounts, contacts (customers and suppliers), items, tax rates and tracking categories.
 * @module
 */
import type { CanonicalInputOf } from '../../../src/model/registry';
import type { Address, Phone } from '../../../src/model/address';
import { ValueParseError } from '../../../src/model/primitives';
import { xeroOptionalDecimal } from '../lib/decimals';
import { xeroOptionalCalendarDate, xeroOptionalInstant } from '../lib/dates';
import { list, obj, optStr, ref, str } from './common';

const ADDRESS_TYPES: Record<string, Address['type']> = { POBOX: 'Postal', STREET: 'Street', DELIVERY: 'Delivery' };
const PHONE_TYPES: Record<string, Phone['type']> = { DEFAULT: 'Primary', MOBILE: 'Mobile', FAX: 'Fax', DDI: 'Landline' };

function addresses(o: Record<string, unknown>): Address[] {
  return list(o, 'Addresses')
    .map((a) => obj(a, 'address'))
    .filter((a) => ['AddressLine1', 'City', 'PostalCode', 'Country'].some((f) => optStr(a, f)))
    .map((a) => {
      const extra = ['AddressLine2', 'AddressLine3', 'AddressLine4'].map((f) => optStr(a, f)).filter(Boolean).join(', ');
      const [line1, city, region, postalCode, country] = ['AddressLine1', 'City', 'Region', 'PostalCode', 'Country'].map((f) => optStr(a, f));
      return {
        type: ADDRESS_TYPES[String(a.AddressType)] ?? 'Unknown',
        ...(line1 ? { line1 } : {}),
        ...(extra ? { line2: extra } : {}),
        ...(city ? { city } : {}),
        ...(region ? { region } : {}),
        ...(postalCode ? { postalCode } : {}),
        ...(country ? { country } : {}),
      };
    });
}

function phones(o: Record<string, unknown>): Phone[] {
  return list(o, 'Phones')
    .map((p) => obj(p, 'phone'))
    .filter((p) => optStr(p, 'PhoneNumber'))
    .map((p) => ({
      type: PHONE_TYPES[String(p.PhoneType)] ?? 'Unknown',
      number: ['PhoneCountryCode', 'PhoneAreaCode', 'PhoneNumber'].map((f) => optStr(p, f)).filter(Boolean).join(' '),
    }));
}

/** `/Organisation` → company. */
export function toCompany(raw: unknown): CanonicalInputOf<'company'> {
  const o = obj(raw, 'organisation');
  const id = optStr(o, 'OrganisationID') ?? optStr(o, 'ShortCode') ?? str(o, 'Name');
  const [legalName, baseCurrency, countryCode, registrationNumber, taxNumber, timezone] = ['LegalName', 'BaseCurrency', 'CountryCode', 'RegistrationNumber', 'TaxNumber', 'Timezone'].map((f) => optStr(o, f));
  const periodLockDate = xeroOptionalCalendarDate(o.PeriodLockDate);
  const createdDate = xeroOptionalInstant(o.CreatedDateUTC);
  const website = list(o, 'ExternalLinks').map((l) => obj(l, 'link')).find((l) => l.LinkType === 'Website');
  return {
    id,
    name: str(o, 'Name'),
    ...(legalName ? { legalName } : {}),
    ...(baseCurrency ? { baseCurrency } : {}),
    ...(countryCode ? { countryCode } : {}),
    ...(registrationNumber ? { registrationNumber } : {}),
    ...(taxNumber ? { taxNumber } : {}),
    ...(timezone ? { timezone } : {}),
    ...(typeof o.FinancialYearEndMonth === 'number' ? { financialYearEndMonth: o.FinancialYearEndMonth } : {}),
    ...(typeof o.FinancialYearEndDay === 'number' ? { financialYearEndDay: o.FinancialYearEndDay } : {}),
    addresses: addresses(o),
    phones: phones(o),
    ...(website && optStr(website, 'Url') ? { website: optStr(website, 'Url') } : {}),
    ...(createdDate ? { createdDate } : {}),
    ...(periodLockDate ? { periodLockDate } : {}),
    ...(typeof o.IsDemoCompany === 'boolean' ? { isDemo: o.IsDemoCompany } : {}),
    isDeleted: false,
  };
}

const CLASSES: Record<string, 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense'> = {
  ASSET: 'Asset',
  LIABILITY: 'Liability',
  EQUITY: 'Equity',
  REVENUE: 'Income',
  EXPENSE: 'Expense',
};

function archiveStatus(status: unknown): { status: 'Active' | 'Archived' | 'Unknown'; isDeleted: boolean } {
  if (status === 'ACTIVE') return { status: 'Active', isDeleted: false };
  if (status === 'ARCHIVED' || status === 'DELETED') return { status: 'Archived', isDeleted: true };
  return { status: 'Unknown', isDeleted: false };
}

/** `/Accounts` → ledger account. Archived (and deleted) accounts are `isDeleted`. */
export function toAccount(raw: unknown): CanonicalInputOf<'accounts'> {
  const o = obj(raw, 'account');
  const [code, description, type, currency, taxType, reportingCode] = ['Code', 'Description', 'Type', 'CurrencyCode', 'TaxType', 'ReportingCode'].map((f) => optStr(o, f));
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  const classification = CLASSES[String(o.Class)] ?? 'Unknown';
  return {
    id: str(o, 'AccountID'),
    ...(code ? { code } : {}),
    name: str(o, 'Name'),
    ...(description ? { description } : {}),
    classification,
    ...(type ? { type } : {}),
    ...(reportingCode ? { fullyQualifiedCategory: reportingCode } : {}),
    ...(currency ? { currency } : {}),
    ...archiveStatus(o.Status),
    isBankAccount: o.Type === 'BANK',
    ...(taxType ? { taxRateRef: { id: taxType } } : {}),
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}

/**
 * Bank accounts are the `/Accounts` of `Type` BANK: read with the chart of accounts (one list, shared in a sync run
 * with `accounts`) and kept by this filter.
 */
export function isBankAccount(raw: unknown): boolean {
  return (raw as { Type?: unknown } | null)?.Type === 'BANK';
}

/** An `/Accounts` record of `Type` BANK → bank account. */
export function toBankAccount(raw: unknown): CanonicalInputOf<'bankAccounts'> {
  const o = obj(raw, 'bank account');
  if (o.Type !== 'BANK') throw new ValueParseError(`Type is ${JSON.stringify(o.Type)}, expected BANK`);
  const id = str(o, 'AccountID');
  const accountNumber = optStr(o, 'BankAccountNumber');
  const currency = optStr(o, 'CurrencyCode');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  const kind = o.BankAccountType === 'CREDITCARD' ? 'CreditCard' : o.BankAccountType === 'BANK' ? 'Bank' : o.BankAccountType === 'PAYPAL' ? 'Other' : 'Unknown';
  return {
    id,
    name: str(o, 'Name'),
    ...(accountNumber ? { accountNumber } : {}),
    ...(currency ? { currency } : {}),
    type: kind,
    ledgerAccountRef: ref(id, optStr(o, 'Code')),
    ...archiveStatus(o.Status),
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}

/**
 * A contact → customer or supplier. Xero keeps one contact list; `IsCustomer`/`IsSupplier` are set only once a
 * sales/purchase transaction exists, so a contact with neither flag is treated as a customer (documented choice: it
 * would otherwise be invisible). Archived contacts are `isDeleted`.
 */
export function toContact(raw: unknown): CanonicalInputOf<'customers'> {
  const o = obj(raw, 'contact');
  const [firstName, lastName, emailAddress, taxNumber, registrationNumber, defaultCurrency, accountNumber, website] = ['FirstName', 'LastName', 'EmailAddress', 'TaxNumber', 'CompanyNumber', 'DefaultCurrency', 'AccountNumber', 'Website'].map((f) => optStr(o, f));
  const contactName = [firstName, lastName].filter(Boolean).join(' ');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  const balances = o.Balances && typeof o.Balances === 'object' ? (o.Balances as Record<string, { Outstanding?: unknown }>) : undefined;
  return {
    id: str(o, 'ContactID'),
    name: str(o, 'Name'),
    ...(contactName ? { contactName } : {}),
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(emailAddress ? { emailAddress } : {}),
    phones: phones(o),
    addresses: addresses(o),
    ...(website ? { website } : {}),
    ...(taxNumber ? { taxNumber } : {}),
    ...(registrationNumber ? { registrationNumber } : {}),
    ...(defaultCurrency ? { defaultCurrency } : {}),
    ...(accountNumber ? { accountNumber } : {}),
    ...archiveStatus(o.ContactStatus === 'GDPRREQUEST' ? 'ARCHIVED' : o.ContactStatus),
    ...(balances ? balanceOf(balances) : {}),
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}

function balanceOf(b: Record<string, { Outstanding?: unknown }>): { balance?: string } {
  const v = xeroOptionalDecimal(b.AccountsReceivable?.Outstanding ?? b.AccountsPayable?.Outstanding, 'Balances.Outstanding');
  return v ? { balance: v } : {};
}

/** Whether a contact belongs in customers (also contacts with neither flag; see {@link toContact}). */
export function isCustomerContact(raw: unknown): boolean {
  const o = raw as { IsCustomer?: unknown; IsSupplier?: unknown };
  return o.IsCustomer === true || (o.IsCustomer !== true && o.IsSupplier !== true);
}

/** Whether a contact belongs in suppliers. */
export function isSupplierContact(raw: unknown): boolean {
  return (raw as { IsSupplier?: unknown }).IsSupplier === true;
}

/** `/Items` → item. Xero items have no archive status in the list; deleted items vanish (reference §2.4 ❓). */
export function toItem(raw: unknown): CanonicalInputOf<'items'> {
  const o = obj(raw, 'item');
  const details = (d: unknown, descField: string) => {
    if (!d || typeof d !== 'object') return undefined;
    const r = d as Record<string, unknown>;
    const unitPrice = xeroOptionalDecimal(r.UnitPrice, 'UnitPrice');
    const description = optStr(o, descField);
    const account = optStr(r, 'AccountCode');
    const tax = optStr(r, 'TaxType');
    return {
      ...(description ? { description } : {}),
      ...(unitPrice ? { unitPrice } : {}),
      ...(account ? { accountRef: { id: account } } : {}),
      ...(tax ? { taxRateRef: { id: tax } } : {}),
    };
  };
  const code = optStr(o, 'Code');
  const description = optStr(o, 'Description');
  const quantityOnHand = xeroOptionalDecimal(o.QuantityOnHand, 'QuantityOnHand');
  const sourceModifiedDate = xeroOptionalInstant(o.UpdatedDateUTC);
  const billDetails = details(o.PurchaseDetails, 'PurchaseDescription');
  const invoiceDetails = details(o.SalesDetails, 'Description');
  return {
    id: str(o, 'ItemID'),
    ...(code ? { code } : {}),
    name: optStr(o, 'Name') ?? code ?? str(o, 'ItemID'),
    ...(description ? { description } : {}),
    type: o.IsTrackedAsInventory === true ? 'Inventory' : 'NonInventory',
    isBought: o.IsPurchased === true,
    isSold: o.IsSold === true,
    ...(billDetails ? { billDetails } : {}),
    ...(invoiceDetails ? { invoiceDetails } : {}),
    ...(quantityOnHand ? { quantityOnHand } : {}),
    status: 'Active',
    isDeleted: false,
    ...(sourceModifiedDate ? { sourceModifiedDate } : {}),
  };
}

/** `/TaxRates` → tax rate. Tax rates are identified by their `TaxType` code. */
export function toTaxRate(raw: unknown): CanonicalInputOf<'taxRates'> {
  const o = obj(raw, 'tax rate');
  const effectiveTaxRate = xeroOptionalDecimal(o.EffectiveRate, 'EffectiveRate');
  const totalTaxRate = xeroOptionalDecimal(o.DisplayTaxRate, 'DisplayTaxRate');
  const status = o.Status === 'ACTIVE' ? 'Active' : o.Status === 'ARCHIVED' ? 'Archived' : o.Status === 'DELETED' ? 'Deleted' : 'Unknown';
  const appliesTo: Array<'Sales' | 'Purchases'> = [];
  if (o.CanApplyToRevenue === true) appliesTo.push('Sales');
  if (o.CanApplyToExpenses === true) appliesTo.push('Purchases');
  return {
    id: str(o, 'TaxType'),
    code: str(o, 'TaxType'),
    name: str(o, 'Name'),
    ...(effectiveTaxRate ? { effectiveTaxRate } : {}),
    ...(totalTaxRate ? { totalTaxRate } : {}),
    components: list(o, 'TaxComponents').map((c) => {
      const r = obj(c, 'tax component');
      return { name: str(r, 'Name'), rate: xeroOptionalDecimal(r.Rate, 'TaxComponents.Rate') ?? '0', isCompound: r.IsCompound === true };
    }),
    status,
    isDeleted: status === 'Archived' || status === 'Deleted',
    appliesTo,
  };
}

/** `/TrackingCategories` → tracking category with its options. */
export function toTrackingCategory(raw: unknown): CanonicalInputOf<'trackingCategories'> {
  const o = obj(raw, 'tracking category');
  const { status, isDeleted } = archiveStatus(o.Status);
  const options = list(o, 'Options').map((x) => {
    const r = obj(x, 'tracking option');
    return { id: str(r, 'TrackingOptionID'), name: str(r, 'Name'), status: archiveStatus(r.Status).status };
  });
  return { id: str(o, 'TrackingCategoryID'), name: str(o, 'Name'), hasChildren: options.length > 0, options, status, isDeleted };
}
