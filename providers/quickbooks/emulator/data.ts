/**
 * Seeded, deterministic QuickBooks company data with the XSD field names (`Finance.xsd`) and the documented shapes
 * (amounts as JSON numbers, `TxnDate` dates, `MetaData` timestamps with a local offset, `{ value, name }` refs).
 * @module
 */
import { xorshift32 as rng } from '../../../src/testing/emulator/random';
export type QbRecord = Record<string, unknown>;

/** Entities of one realm by name, plus the company info. */
export interface RealmData {
  companyInfo: QbRecord;
  entities: Record<string, QbRecord[]>;
  /** Hard-deleted transactions as CDC stubs. */
  deleted: Record<string, QbRecord[]>;
}

/** An instant written the QuickBooks way: local time with the `-07:00` offset (Pacific, as in the real responses). */
export function qbTimestamp(ms: number): string {
  const local = new Date(ms - 7 * 3_600_000).toISOString().slice(0, 19);
  return `${local}-07:00`;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Builds one realm's data. `now` is the emulator clock at start. */
export function seedRealm(seed: number, counts: { invoices: number; customers: number }, name: string, now: number): RealmData {
  const r = rng(seed);
  let t = now - 40 * 86_400_000; // records are older than the CDC window at start
  const meta = () => {
    t += 1000;
    return { CreateTime: qbTimestamp(t), LastUpdatedTime: qbTimestamp(t) };
  };
  const base = (id: number) => ({ Id: String(id), SyncToken: '0', domain: 'QBO', sparse: false, MetaData: meta() });
  const date = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const accounts: QbRecord[] = [
    { ...base(1), Name: 'Checking', AccountType: 'Bank', AccountSubType: 'Checking', Classification: 'Asset', CurrentBalance: 12500.25, Active: true, CurrencyRef: { value: 'USD', name: 'United States Dollar' }, FullyQualifiedName: 'Checking' },
    { ...base(2), Name: 'Visa', AccountType: 'Credit Card', AccountSubType: 'CreditCard', Classification: 'Liability', CurrentBalance: -310.4, Active: true, CurrencyRef: { value: 'USD', name: 'United States Dollar' }, FullyQualifiedName: 'Visa' },
    { ...base(3), Name: 'Services', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome', Classification: 'Revenue', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Services' },
    { ...base(4), Name: 'Office Expenses', AccountType: 'Expense', AccountSubType: 'OfficeGeneralAdministrativeExpenses', Classification: 'Expense', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Office Expenses' },
    { ...base(5), Name: 'Accounts Receivable (A/R)', AccountType: 'Accounts Receivable', Classification: 'Asset', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Accounts Receivable (A/R)' },
    { ...base(6), Name: 'Old Savings', AccountType: 'Bank', AccountSubType: 'Savings', Classification: 'Asset', CurrentBalance: 0, Active: false, FullyQualifiedName: 'Old Savings' },
    { ...base(7), Name: 'Accounts Payable (A/P)', AccountType: 'Accounts Payable', AccountSubType: 'AccountsPayable', Classification: 'Liability', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Accounts Payable (A/P)' },
    { ...base(8), Name: 'Retained Earnings', AccountType: 'Equity', AccountSubType: 'RetainedEarnings', Classification: 'Equity', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Retained Earnings' },
    { ...base(9), Name: 'Sales Tax Payable', AccountType: 'Other Current Liability', AccountSubType: 'SalesTaxPayable', Classification: 'Liability', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Sales Tax Payable' },
    { ...base(10), Name: 'Owner Investment', AccountType: 'Equity', AccountSubType: 'OwnersEquity', Classification: 'Equity', CurrentBalance: 0, Active: true, FullyQualifiedName: 'Owner Investment' },
  ];
  const customers: QbRecord[] = [];
  for (let i = 1; i <= counts.customers; i++) {
    customers.push({ ...base(100 + i), DisplayName: `Customer ${i} ${name.split(' ')[0]}`, CompanyName: `Customer ${i} Inc`, Active: i % 17 !== 0, Balance: 0, PrimaryEmailAddr: { Address: `ap${i}@example.com` }, BillAddr: { Line1: `${i} Main St`, City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043' }, CurrencyRef: { value: 'USD', name: 'United States Dollar' } });
  }
  const vendors: QbRecord[] = [];
  for (let i = 1; i <= Math.max(3, Math.ceil(counts.customers / 2)); i++) {
    vendors.push({ ...base(500 + i), DisplayName: `Vendor ${i}`, CompanyName: `Vendor ${i} LLC`, Active: true, Balance: 0, CurrencyRef: { value: 'USD', name: 'United States Dollar' } });
  }
  const items: QbRecord[] = [
    { ...base(900), Name: 'Services', Type: 'Service', UnitPrice: 150, IncomeAccountRef: { value: '3', name: 'Services' }, Active: true, FullyQualifiedName: 'Services' },
    { ...base(901), Name: 'Hours', Type: 'Service', UnitPrice: 95.5, IncomeAccountRef: { value: '3', name: 'Services' }, ExpenseAccountRef: { value: '4', name: 'Office Expenses' }, PurchaseCost: 40, Active: true, FullyQualifiedName: 'Hours' },
  ];
  const classes: QbRecord[] = [
    { ...base(950), Name: 'East', FullyQualifiedName: 'East', SubClass: false, Active: true },
    { ...base(951), Name: 'West', FullyQualifiedName: 'West', SubClass: false, Active: true },
  ];
  const departments: QbRecord[] = [
    { ...base(970), Name: 'Retail', FullyQualifiedName: 'Retail', SubDepartment: false, Active: true },
    { ...base(971), Name: 'Online', FullyQualifiedName: 'Online', SubDepartment: false, Active: false },
  ];
  const taxRates: QbRecord[] = [{ ...base(960), Name: 'California', RateValue: 7.25, AgencyRef: { value: '1' }, Active: true, SpecialTaxType: 'NONE', DisplayType: 'ReadOnly' }];
  // Tax codes as in doc-samples/taxcode: a taxable group naming its rate, and a non-taxable code.
  const taxCodes: QbRecord[] = [
    { ...base(980), Name: 'California', Description: 'California', Taxable: true, TaxGroup: true, Active: true, SalesTaxRateList: { TaxRateDetail: [{ TaxRateRef: { value: '960', name: 'California' }, TaxTypeApplicable: 'TaxOnAmount', TaxOrder: 0 }] }, PurchaseTaxRateList: { TaxRateDetail: [] } },
    { ...base(981), Name: 'Out of scope', Description: 'Not taxable', Taxable: false, TaxGroup: false, Active: true, SalesTaxRateList: { TaxRateDetail: [] }, PurchaseTaxRateList: { TaxRateDetail: [] } },
  ];
  const invoices: QbRecord[] = [];
  const payments: QbRecord[] = [];
  for (let i = 1; i <= counts.invoices; i++) {
    const cust = customers[Math.floor(r() * customers.length)]!;
    const qty = 1 + Math.floor(r() * 5);
    const price = cents(20 + r() * 400);
    const total = cents(qty * price);
    const paid = r() < 0.3;
    const inv: QbRecord = {
      ...base(1000 + i), DocNumber: String(1000 + i), TxnDate: date(60 - (i % 50)), DueDate: date(30 - (i % 50)),
      CustomerRef: { value: cust.Id, name: cust.DisplayName }, CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      Line: [
        { Id: '1', LineNum: 1, Amount: total, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '900', name: 'Services' }, Qty: qty, UnitPrice: price, TaxCodeRef: { value: 'NON' }, ClassRef: { value: '950', name: 'East' } } },
        { Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
      ],
      TxnTaxDetail: { TotalTax: 0 }, TotalAmt: total, Balance: paid ? 0 : total, Deposit: 0, LinkedTxn: [],
    };
    invoices.push(inv);
    if (paid) {
      payments.push({ ...base(5000 + i), TxnDate: inv.TxnDate, TotalAmt: total, UnappliedAmt: 0, CustomerRef: inv.CustomerRef, DepositToAccountRef: { value: '1', name: 'Checking' }, CurrencyRef: inv.CurrencyRef, Line: [{ Amount: total, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }] });
    }
  }
  const bills: QbRecord[] = [];
  const billPayments: QbRecord[] = [];
  for (let i = 1; i <= Math.ceil(counts.invoices / 2); i++) {
    const v = vendors[i % vendors.length]!;
    const total = cents(10 + r() * 900);
    const bill = { ...base(3000 + i), DocNumber: `B-${i}`, TxnDate: date(50 - (i % 40)), DueDate: date(20 - (i % 40)), VendorRef: { value: v.Id, name: v.DisplayName }, CurrencyRef: { value: 'USD', name: 'United States Dollar' }, Line: [{ Id: '1', Amount: total, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '4', name: 'Office Expenses' } } }], TotalAmt: total, Balance: i % 3 === 0 ? 0 : total };
    bills.push(bill);
    if (i % 3 === 0) billPayments.push({ ...base(7000 + i), TxnDate: bill.TxnDate, TotalAmt: total, PayType: 'Check', VendorRef: bill.VendorRef, CheckPayment: { BankAccountRef: { value: '1', name: 'Checking' } }, Line: [{ Amount: total, LinkedTxn: [{ TxnId: bill.Id, TxnType: 'Bill' }] }] });
  }
  const creditMemos: QbRecord[] = [{ ...base(8000), DocNumber: 'CM-1', TxnDate: date(10), CustomerRef: { value: customers[0]!.Id, name: customers[0]!.DisplayName }, Line: [{ Id: '1', Amount: 50, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '900' }, Qty: 1, UnitPrice: 50 } }], TotalAmt: 50, Balance: 50, RemainingCredit: 50 }];
  const vendorCredits: QbRecord[] = [{ ...base(8100), DocNumber: 'VC-1', TxnDate: date(12), VendorRef: { value: vendors[0]!.Id, name: vendors[0]!.DisplayName }, Line: [{ Id: '1', Amount: 25.5, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '4' } } }], TotalAmt: 25.5, Balance: 25.5 }];
  const journals: QbRecord[] = [{ ...base(8200), DocNumber: 'J-1', TxnDate: date(5), Adjustment: false, Line: [
    { Id: '0', Amount: 100.1, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '4', name: 'Office Expenses' } } },
    { Id: '1', Amount: 100.1, DetailType: 'JournalEntryLineDetail', JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '1', name: 'Checking' } } },
  ] }];
  const purchases: QbRecord[] = [];
  for (let i = 1; i <= 5; i++) {
    const total = cents(5 + r() * 200);
    purchases.push({ ...base(8300 + i), TxnDate: date(i), PaymentType: i % 2 ? 'Cash' : 'CreditCard', AccountRef: i % 2 ? { value: '1', name: 'Checking' } : { value: '2', name: 'Visa' }, EntityRef: { value: vendors[0]!.Id, name: vendors[0]!.DisplayName, type: 'Vendor' }, Line: [{ Id: '1', Amount: total, DetailType: 'AccountBasedExpenseLineDetail', AccountBasedExpenseLineDetail: { AccountRef: { value: '4' } } }], TotalAmt: total, Credit: false });
  }
  const deposits: QbRecord[] = [];
  for (let i = 1; i <= 3; i++) {
    const total = cents(50 + r() * 500);
    deposits.push({ ...base(8400 + i), TxnDate: date(i + 2), DepositToAccountRef: { value: '1', name: 'Checking' }, CurrencyRef: { value: 'USD', name: 'United States Dollar' }, Line: [{ Id: '1', LineNum: 1, Amount: total, DetailType: 'DepositLineDetail', DepositLineDetail: { AccountRef: { value: '3', name: 'Services' } } }], TotalAmt: total, TxnTaxDetail: {} });
  }
  const transfers: QbRecord[] = [{ ...base(8500), TxnDate: date(4), FromAccountRef: { value: '1', name: 'Checking' }, ToAccountRef: { value: '2', name: 'Visa' }, Amount: 200.5, CurrencyRef: { value: 'USD', name: 'United States Dollar' } }];
  const companyInfo: QbRecord = { ...base(1), CompanyName: name, LegalName: `${name} LLC`, Country: 'US', FiscalYearStartMonth: 'January', CompanyAddr: { Line1: '2600 Marine Way', City: 'Mountain View', CountrySubDivisionCode: 'CA', PostalCode: '94043' }, Email: { Address: 'books@example.com' }, WebAddr: { URI: 'https://example.com' } };
  return {
    companyInfo,
    entities: { Account: accounts, Customer: customers, Vendor: vendors, Item: items, Class: classes, Department: departments, TaxRate: taxRates, TaxCode: taxCodes, Invoice: invoices, Payment: payments, Bill: bills, BillPayment: billPayments, CreditMemo: creditMemos, VendorCredit: vendorCredits, JournalEntry: journals, Purchase: purchases, Deposit: deposits, Transfer: transfers, CompanyInfo: [companyInfo] },
    deleted: {},
  };
}
