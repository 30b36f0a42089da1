/**
 * Deterministic seeded company data in Xero's own shapes (PascalCase fields, `/Date(ms+0000)/` dates, JSON-number
 * amounts with two decimals computed with exact decimal arithmetic).
 * @module
 */
import { addDecimals, multiplyDecimals, roundDecimal, subtractDecimals } from '../../../src/model/primitives';
import { mulberry32 } from '../../../src/testing/emulator/random';

/** Raw Xero record. */
export type XeroRecord = Record<string, unknown>;

/** Sizes of the seeded company. */
export interface SeedSizes {
  invoices: number;
  bills: number;
  contacts: number;
}

/** Seeded data of one organisation, collections keyed by Xero endpoint name. */
export interface OrgData {
  organisation: XeroRecord;
  collections: Record<string, XeroRecord[]>;
}

function uuid(rand: () => number): string {
  const h = () => Math.floor(rand() * 16).toString(16);
  const s = (n: number) => Array.from({ length: n }, h).join('');
  return `${s(8)}-${s(4)}-4${s(3)}-8${s(3)}-${s(12)}`;
}

/** `/Date(ms+0000)/` for a UTC calendar date or instant in ms. */
export function msDate(ms: number, withOffset = true): string {
  return withOffset ? `/Date(${ms}+0000)/` : `/Date(${ms})/`;
}

const DAY = 86_400_000;
const num = (d: string) => Number(d);

/** Generates an organisation's data. `baseMs` is the instant records were last updated around. */
export function seedOrganisation(seed: number, sizes: SeedSizes, orgName: string, baseMs: number): OrgData {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let clock = baseMs - 400 * DAY;
  const stamp = () => {
    clock += Math.floor(rand() * 3_600_000) + 1000;
    return clock;
  };
  const updated = () => msDate(stamp());

  const accounts: XeroRecord[] = [
    ['090', 'Business Bank Account', 'BANK', 'ASSET'],
    ['091', 'Business Savings Account', 'BANK', 'ASSET'],
    ['200', 'Sales', 'REVENUE', 'REVENUE'],
    ['260', 'Other Revenue', 'OTHERINCOME', 'REVENUE'],
    ['310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'EXPENSE'],
    ['400', 'Advertising', 'OVERHEADS', 'EXPENSE'],
    ['404', 'Bank Fees', 'OVERHEADS', 'EXPENSE'],
    ['429', 'General Expenses', 'OVERHEADS', 'EXPENSE'],
    ['461', 'Printing & Stationery', 'OVERHEADS', 'EXPENSE'],
    ['469', 'Rent', 'OVERHEADS', 'EXPENSE'],
    ['610', 'Accounts Receivable', 'CURRENT', 'ASSET'],
    ['710', 'Office Equipment', 'FIXED', 'ASSET'],
    ['800', 'Accounts Payable', 'CURRLIAB', 'LIABILITY'],
    ['820', 'VAT', 'CURRLIAB', 'LIABILITY'],
    ['970', 'Owner A Funds Introduced', 'EQUITY', 'EQUITY'],
    ['960', 'Retained Earnings', 'EQUITY', 'EQUITY'],
  ].map(([Code, Name, Type, Class], i) => ({
    AccountID: uuid(rand),
    Code,
    Name,
    Status: i === 8 ? 'ARCHIVED' : 'ACTIVE',
    Type,
    TaxType: Type === 'REVENUE' ? 'OUTPUT2' : Type === 'BANK' || Class === 'EQUITY' ? 'NONE' : 'INPUT2',
    Class,
    EnablePaymentsToAccount: false,
    ShowInExpenseClaims: false,
    ...(Type === 'BANK' ? { BankAccountNumber: `2020${String(1000 + i).padStart(8, '0')}`, BankAccountType: 'BANK', CurrencyCode: 'GBP' } : {}),
    ReportingCode: Class === 'REVENUE' ? 'REV' : String(Class).slice(0, 3),
    HasAttachments: false,
    UpdatedDateUTC: updated(),
    AddToWatchlist: false,
  }));
  const bank = accounts[0]!;
  const taxRates: XeroRecord[] = [
    ['20% (VAT on Income)', 'OUTPUT2', '20'],
    ['20% (VAT on Expenses)', 'INPUT2', '20'],
    ['Zero Rated Income', 'ZERORATEDOUTPUT', '0'],
    ['No VAT', 'NONE', '0'],
  ].map(([Name, TaxType, rate]) => ({
    Name,
    TaxType,
    ReportTaxType: TaxType === 'INPUT2' ? 'INPUT' : 'OUTPUT',
    CanApplyToAssets: true,
    CanApplyToEquity: true,
    CanApplyToExpenses: TaxType !== 'OUTPUT2',
    CanApplyToLiabilities: true,
    CanApplyToRevenue: TaxType !== 'INPUT2',
    DisplayTaxRate: num(rate!),
    EffectiveRate: num(rate!),
    Status: 'ACTIVE',
    TaxComponents: [{ Name: 'VAT', Rate: num(rate!), IsCompound: false, IsNonRecoverable: false }],
  }));
  const region = { TrackingCategoryID: uuid(rand), Name: 'Region', Status: 'ACTIVE', Options: ['North', 'South', 'East'].map((n, i) => ({ TrackingOptionID: uuid(rand), Name: n, Status: i === 2 ? 'ARCHIVED' : 'ACTIVE' })) };
  const trackingCategories: XeroRecord[] = [region];

  const contacts: XeroRecord[] = [];
  const words = ['Acorn', 'Birch', 'Cedar', 'Delta', 'Ember', 'Falcon', 'Granite', 'Harbour', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Nimbus', 'Orchid', 'Pioneer'];
  const kinds = ['Ltd', 'Trading', 'Studio', 'Supplies', 'Foods', 'Partners', 'Logistics'];
  for (let i = 0; i < sizes.contacts; i++) {
    const isSupplier = i % 3 === 2;
    const name = `${pick(words)} ${pick(words)} ${pick(kinds)} ${i + 1}`;
    contacts.push({
      ContactID: uuid(rand),
      ContactStatus: i % 17 === 16 ? 'ARCHIVED' : 'ACTIVE',
      Name: name,
      FirstName: pick(['Sam', 'Alex', 'Jo', 'Priya', 'Tom', 'Ana']),
      LastName: pick(['Smith', 'Patel', 'Jones', 'Ng', 'Brown']),
      EmailAddress: `accounts${i + 1}@example.com`,
      Addresses: [{ AddressType: 'POBOX', AddressLine1: `${i + 1} High Street`, City: pick(['London', 'Leeds', 'Bristol']), PostalCode: `AB${i % 9} 1CD`, Country: 'United Kingdom' }],
      Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: `0207 ${String(100000 + i)}` }],
      UpdatedDateUTC: updated(),
      IsSupplier: isSupplier,
      IsCustomer: !isSupplier && i % 11 !== 10,
      HasAttachments: false,
      HasValidationErrors: false,
    });
  }
  const customers = contacts.filter((c) => !c.IsSupplier);
  const suppliers = contacts.filter((c) => c.IsSupplier);

  const items: XeroRecord[] = Array.from({ length: 12 }, (_, i) => {
    const price = roundDecimal(String(5 + Math.floor(rand() * 20000) / 100), 2);
    return {
      ItemID: uuid(rand),
      Code: `ITEM-${String(i + 1).padStart(3, '0')}`,
      Name: `${pick(words)} ${pick(['Widget', 'Service', 'Licence', 'Kit'])}`,
      Description: `Item ${i + 1}`,
      PurchaseDescription: `Item ${i + 1} (purchase)`,
      UpdatedDateUTC: updated(),
      PurchaseDetails: { UnitPrice: num(roundDecimal(multiplyDecimals(price, '0.6'), 2)), AccountCode: '310', TaxType: 'INPUT2' },
      SalesDetails: { UnitPrice: num(price), AccountCode: '200', TaxType: 'OUTPUT2' },
      IsTrackedAsInventory: false,
      IsSold: true,
      IsPurchased: true,
    };
  });

  const payments: XeroRecord[] = [];
  const invoices: XeroRecord[] = [];
  const makeDoc = (type: 'ACCREC' | 'ACCPAY', n: number) => {
    const contact = type === 'ACCREC' ? customers[n % Math.max(1, customers.length)]! : suppliers[n % Math.max(1, suppliers.length)]!;
    const lineCount = 1 + Math.floor(rand() * 3);
    const foreign = n % 13 === 5 ? pick([['USD', '1.2713'], ['EUR', '1.1642']] as const) : undefined;
    const lineAmountTypes = n % 10 === 3 ? 'Inclusive' : n % 10 === 7 ? 'NoTax' : 'Exclusive';
    const lines: XeroRecord[] = [];
    let sub = '0';
    let tax = '0';
    for (let l = 0; l < lineCount; l++) {
      const item = pick(items);
      const qty = String(1 + Math.floor(rand() * 9));
      const unit = roundDecimal(String(10 + Math.floor(rand() * 50000) / 100), 2);
      const lineAmount = multiplyDecimals(qty, unit);
      const taxAmount =
        lineAmountTypes === 'NoTax' ? '0.00' : lineAmountTypes === 'Inclusive' ? roundDecimal(subtractDecimals(lineAmount, roundDecimal(multiplyDecimals(lineAmount, '0.833333333333'), 2)), 2) : roundDecimal(multiplyDecimals(lineAmount, '0.2'), 2);
      sub = addDecimals(sub, lineAmountTypes === 'Inclusive' ? subtractDecimals(lineAmount, taxAmount) : lineAmount);
      tax = addDecimals(tax, taxAmount);
      const option = region.Options[l % 2]!;
      lines.push({
        LineItemID: uuid(rand),
        Description: `${item.Name as string} (${qty})`,
        Quantity: num(qty),
        UnitAmount: num(unit),
        ItemCode: item.Code,
        AccountCode: type === 'ACCREC' ? '200' : '310',
        TaxType: lineAmountTypes === 'NoTax' ? 'NONE' : type === 'ACCREC' ? 'OUTPUT2' : 'INPUT2',
        TaxAmount: num(taxAmount),
        LineAmount: num(lineAmount),
        Tracking: [{ TrackingCategoryID: region.TrackingCategoryID, TrackingOptionID: option.TrackingOptionID, Name: 'Region', Option: option.Name }],
      });
    }
    const total = roundDecimal(addDecimals(sub, tax), 2);
    const dateMs = Math.floor((baseMs - (300 - (n % 300)) * DAY) / DAY) * DAY;
    const r = rand();
    const status = r < 0.05 ? 'VOIDED' : r < 0.08 ? 'DELETED' : r < 0.15 ? 'DRAFT' : r < 0.55 ? 'PAID' : 'AUTHORISED';
    const id = uuid(rand);
    const paid = status === 'PAID' ? total : status === 'AUTHORISED' && n % 4 === 0 ? roundDecimal(multiplyDecimals(total, '0.5'), 2) : '0.00';
    const due = status === 'VOIDED' || status === 'DELETED' ? '0.00' : subtractDecimals(total, paid);
    const docPayments: XeroRecord[] = [];
    if (paid !== '0.00') {
      const paymentId = uuid(rand);
      const payDate = msDate(dateMs + 14 * DAY);
      docPayments.push({ PaymentID: paymentId, Date: payDate, Amount: num(paid), Reference: `PAY-${n}`, HasAccount: false, HasValidationErrors: false });
      payments.push({
        PaymentID: paymentId,
        Date: payDate,
        BankAmount: num(paid),
        Amount: num(paid),
        Reference: `PAY-${n}`,
        CurrencyRate: foreign ? num(foreign[1]) : 1,
        PaymentType: type === 'ACCREC' ? 'ACCRECPAYMENT' : 'ACCPAYPAYMENT',
        Status: 'AUTHORISED',
        UpdatedDateUTC: updated(),
        HasAccount: true,
        IsReconciled: n % 2 === 0,
        Account: { AccountID: bank.AccountID, Code: bank.Code },
        Invoice: { Type: type, InvoiceID: id, InvoiceNumber: type === 'ACCREC' ? `INV-${String(n + 1).padStart(4, '0')}` : undefined, Contact: { ContactID: contact.ContactID, Name: contact.Name } },
      });
    }
    invoices.push({
      Type: type,
      InvoiceID: id,
      InvoiceNumber: type === 'ACCREC' ? `INV-${String(n + 1).padStart(4, '0')}` : `BILL-${n + 1}`,
      Reference: n % 3 === 0 ? `PO ${1000 + n}` : '',
      Payments: docPayments,
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      AmountDue: num(due),
      AmountPaid: num(paid),
      AmountCredited: 0,
      CurrencyRate: foreign ? num(foreign[1]) : 1,
      IsDiscounted: false,
      HasAttachments: false,
      HasErrors: false,
      Contact: { ContactID: contact.ContactID, Name: contact.Name },
      DateString: new Date(dateMs).toISOString().slice(0, 19),
      Date: msDate(dateMs),
      DueDateString: new Date(dateMs + 30 * DAY).toISOString().slice(0, 19),
      DueDate: msDate(dateMs + 30 * DAY),
      ...(status === 'PAID' ? { FullyPaidOnDate: msDate(dateMs + 14 * DAY) } : {}),
      Status: status,
      LineAmountTypes: lineAmountTypes,
      LineItems: lines,
      SubTotal: num(sub),
      TotalTax: num(tax),
      Total: num(total),
      UpdatedDateUTC: updated(),
      CurrencyCode: foreign ? foreign[0] : 'GBP',
    });
  };
  for (let i = 0; i < sizes.invoices; i++) makeDoc('ACCREC', i);
  for (let i = 0; i < sizes.bills; i++) makeDoc('ACCPAY', i);

  const creditNotes: XeroRecord[] = Array.from({ length: Math.min(8, Math.max(1, Math.floor(sizes.invoices / 15))) }, (_, i) => {
    const type = i % 3 === 2 ? 'ACCPAYCREDIT' : 'ACCRECCREDIT';
    const contact = type === 'ACCRECCREDIT' ? customers[i % customers.length]! : suppliers[i % suppliers.length]!;
    const sub = roundDecimal(String(20 + i * 7.5), 2);
    const tax = roundDecimal(multiplyDecimals(sub, '0.2'), 2);
    const total = addDecimals(sub, tax);
    const dateMs = Math.floor((baseMs - (60 - i) * DAY) / DAY) * DAY;
    return {
      CreditNoteID: uuid(rand),
      CreditNoteNumber: `CN-${String(i + 1).padStart(4, '0')}`,
      Type: type,
      Contact: { ContactID: contact.ContactID, Name: contact.Name },
      Date: msDate(dateMs),
      DateString: new Date(dateMs).toISOString().slice(0, 19),
      Status: 'AUTHORISED',
      LineAmountTypes: 'Exclusive',
      LineItems: [{ Description: 'Credit', Quantity: 1, UnitAmount: num(sub), AccountCode: type === 'ACCRECCREDIT' ? '200' : '310', TaxType: type === 'ACCRECCREDIT' ? 'OUTPUT2' : 'INPUT2', TaxAmount: num(tax), LineAmount: num(sub) }],
      SubTotal: num(sub),
      TotalTax: num(tax),
      Total: num(total),
      RemainingCredit: num(total),
      Allocations: [],
      Payments: [],
      CurrencyCode: 'GBP',
      CurrencyRate: 1,
      UpdatedDateUTC: updated(),
    };
  });

  const manualJournals: XeroRecord[] = Array.from({ length: 5 }, (_, i) => {
    const amount = roundDecimal(String(100 + i * 37.25), 2);
    const dateMs = Math.floor((baseMs - (90 - i * 15) * DAY) / DAY) * DAY;
    return {
      ManualJournalID: uuid(rand),
      Date: msDate(dateMs),
      DateString: new Date(dateMs).toISOString().slice(0, 19),
      Status: i === 4 ? 'DRAFT' : 'POSTED',
      LineAmountTypes: 'NoTax',
      Narration: `Accrual ${i + 1}`,
      JournalLines: [
        { Description: 'Accrual', LineAmount: num(amount), AccountCode: '429', AccountID: accounts[7]!.AccountID, TaxType: 'NONE', TaxAmount: 0 },
        { Description: 'Accrual', LineAmount: -num(amount), AccountCode: '800', AccountID: accounts[12]!.AccountID, TaxType: 'NONE', TaxAmount: 0 },
      ],
      UpdatedDateUTC: updated(),
      ShowOnCashBasisReports: true,
    };
  });

  const bankTransactions: XeroRecord[] = Array.from({ length: Math.max(5, Math.floor(sizes.invoices / 4)) }, (_, i) => {
    const spend = i % 3 !== 0;
    const contact = pick(contacts);
    const amount = roundDecimal(String(5 + Math.floor(rand() * 30000) / 100), 2);
    const dateMs = Math.floor((baseMs - (200 - (i % 200)) * DAY) / DAY) * DAY;
    return {
      BankTransactionID: uuid(rand),
      BankAccount: { AccountID: bank.AccountID, Code: bank.Code, Name: bank.Name },
      Type: spend ? 'SPEND' : 'RECEIVE',
      Reference: spend ? 'Card payment' : 'Deposit',
      IsReconciled: i % 2 === 0,
      HasAttachments: false,
      Contact: { ContactID: contact.ContactID, Name: contact.Name },
      DateString: new Date(dateMs).toISOString().slice(0, 19),
      Date: msDate(dateMs),
      Status: i % 23 === 22 ? 'DELETED' : 'AUTHORISED',
      LineAmountTypes: 'Inclusive',
      LineItems: [{ Description: spend ? 'Supplies' : 'Sundry income', UnitAmount: num(amount), TaxType: 'NONE', TaxAmount: 0, LineAmount: num(amount), AccountCode: spend ? '429' : '260', Quantity: 1 }],
      SubTotal: num(amount),
      TotalTax: 0,
      Total: num(amount),
      UpdatedDateUTC: updated(),
      CurrencyCode: 'GBP',
    };
  });

  const organisation: XeroRecord = {
    APIKey: '',
    Name: orgName,
    LegalName: `${orgName} Limited`,
    PaysTax: true,
    Version: 'UK',
    OrganisationType: 'COMPANY',
    BaseCurrency: 'GBP',
    CountryCode: 'GB',
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    RegistrationNumber: '01234567',
    TaxNumber: 'GB 123 4567 89',
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: 'ACCRUAL',
    SalesTaxPeriod: 'QUARTERLY',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Exclusive',
    CreatedDateUTC: msDate(baseMs - 800 * DAY, false),
    OrganisationEntityType: 'COMPANY',
    Timezone: 'GMTSTANDARDTIME',
    ShortCode: '!' + uuid(rand).slice(0, 5),
    OrganisationID: uuid(rand),
    LineOfBusiness: 'Wholesale',
    Addresses: [{ AddressType: 'STREET', AddressLine1: '1 Market Street', City: 'London', PostalCode: 'EC1A 1AA', Country: 'United Kingdom' }],
    Phones: [{ PhoneType: 'OFFICE', PhoneNumber: '0207 000 0000' }],
    ExternalLinks: [],
    PaymentTerms: {},
  };

  return {
    organisation,
    collections: {
      Accounts: accounts,
      TaxRates: taxRates,
      TrackingCategories: trackingCategories,
      Items: items,
      Contacts: contacts,
      Invoices: invoices,
      CreditNotes: creditNotes,
      Payments: payments,
      ManualJournals: manualJournals,
      BankTransactions: bankTransactions,
    },
  };
}
