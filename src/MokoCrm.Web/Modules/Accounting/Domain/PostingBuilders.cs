namespace MokoCrm.Web.Modules.Accounting.Domain;

/// <summary>A customer invoice or credit note as Accounting needs it (the Sales handler maps its event to it).</summary>
public sealed record InvoicePosting(
    string SourceType,
    long SourceId,
    string Reference,
    DateOnly Date,
    string ThirdPartyName,
    string? CustomerSubledger,
    string? ThirdPartyAccount,
    IReadOnlyList<InvoicePostingLine> Lines,
    bool IsDeposit = false,
    DateOnly? DueDate = null);

/// <param name="ProductAccount">The product's sale account, null for a free-text line.</param>
/// <param name="IsDepositDeduction">The negative line of a final invoice that deducts a deposit: it debits 4191.</param>
public sealed record InvoicePostingLine(bool IsService, string? ProductAccount, decimal AmountExclTax, decimal VatRate, decimal VatAmount, bool IsDepositDeduction = false);

/// <summary>
/// A payment received from (or refunded to) a customer — or, with <see cref="PostingBuilders.SupplierPayment"/>, paid to a
/// supplier — through a bank account: <paramref name="BankAccount"/> is its ledger account (512...), <paramref name="BankAccountId"/>
/// its id in Platform/Setup (the bank line goes to that account; without it, to the one bank account using that ledger account).
/// </summary>
public sealed record PaymentPosting(string SourceType, long SourceId, string Reference, DateOnly Date, string ThirdPartyName, string? CustomerSubledger,
    string BankAccount, decimal Amount, long? BankAccountId = null);

public sealed record SalaryPosting(long SalaryId, string Reference, DateOnly Date, string EmployeeName, string EmployeeCode, decimal Gross, decimal NetToPay);

public sealed record SalaryPaymentPosting(long SalaryId, string Reference, DateOnly Date, string EmployeeName, string EmployeeCode, string BankAccount, decimal Amount,
    long? BankAccountId = null);

/// <summary>Money moved from one bank account to another (ids and ledger accounts of Platform/Setup's bank accounts).</summary>
public sealed record BankTransferPosting(long TransferId, string Reference, DateOnly Date, string Label, long FromBankId, string FromAccount, long ToBankId, string ToAccount,
    decimal Amount);

public sealed record ExpenseReportPostingLine(string? Account, decimal AmountExclTax, decimal VatRate, decimal VatAmount);

public sealed record ExpenseReportPosting(long ExpenseReportId, string Reference, DateOnly Date, string EmployeeName, string EmployeeCode, IReadOnlyList<ExpenseReportPostingLine> Lines);

/// <summary>
/// The postings of DOMAIN.md §8 as pure functions from a source to a draft entry: no database, unit-tested line for
/// line. Handlers in EventHandlers only map an event to these inputs and hand the draft to the posting engine.
/// </summary>
public static class PostingBuilders
{
    public const string SalarySource = "hr.salary";
    public const string SalaryPaymentSource = "hr.salary-payment";
    public const string ExpenseReportSource = "hr.expense-report";
    public const string ExpenseReportPaymentSource = "hr.expense-report-payment";
    public const string BankTransferSource = "accounting.bank-transfer";

    /// <summary>
    /// BQ, one entry through the internal transfers account (58, DOMAIN.md §8): debit the receiving bank, credit 58;
    /// debit 58, credit the paying bank. Each bank line names its bank account, so two accounts on the same 512 keep
    /// their own lines; the entry goes to the receiving account's journal (its first bank line).
    /// </summary>
    public static PostingDraft InternalTransfer(BankTransferPosting transfer, AccountDefaults defaults)
    {
        var transit = defaults[DefaultAccountKeys.InternalTransfers];
        return new PostingDraft(Journal.Bank, transfer.Date, transfer.Label, BankTransferSource, transfer.TransferId, EntryKind.Posting,
        [
            PostingLine.DebitOf(transfer.ToAccount, transfer.Amount, transfer.Label) with { BankAccountId = transfer.ToBankId },
            PostingLine.CreditOf(transit, transfer.Amount, transfer.Label),
            PostingLine.DebitOf(transit, transfer.Amount, transfer.Label),
            PostingLine.CreditOf(transfer.FromAccount, transfer.Amount, transfer.Label) with { BankAccountId = transfer.FromBankId },
        ], transfer.Reference);
    }

    /// <summary>VT: debit 411 (subledger customer) incl. tax; credit revenue per account excl. tax; credit VAT collected per rate.</summary>
    public static PostingDraft CustomerInvoice(InvoicePosting invoice, AccountDefaults defaults)
    {
        var label = $"{invoice.Reference} {invoice.ThirdPartyName}";
        var total = invoice.Lines.Sum(l => l.AmountExclTax + l.VatAmount);
        var lines = new List<PostingLine>
        {
            PostingLine.DebitOf(defaults[DefaultAccountKeys.Customer], total, label, invoice.CustomerSubledger) with
            {
                DueDate = invoice.DueDate, SubledgerLabel = invoice.ThirdPartyName,
            },
        };
        lines.AddRange(invoice.Lines
            .GroupBy(l => RevenueAccount(l, invoice, defaults) ?? "")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => PostingLine.CreditOf(g.Key.Length == 0 ? null : g.Key, g.Sum(l => l.AmountExclTax), label)));
        lines.AddRange(invoice.Lines
            .Where(l => l.VatAmount != 0)
            .GroupBy(l => l.VatRate)
            .OrderBy(g => g.Key)
            .Select(g => PostingLine.CreditOf(defaults.VatCollectedAt(g.Key), g.Sum(l => l.VatAmount), $"{label} VAT {g.Key.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%")
                with { VatRate = g.Key, VatBase = Math.Abs(g.Sum(l => l.AmountExclTax)) }));
        return new PostingDraft(Journal.Sales, invoice.Date, label, invoice.SourceType, invoice.SourceId, EntryKind.Posting, Drop0(lines), invoice.Reference);
    }

    /// <summary>A credit note reverses every sign of the invoice posting (its lines are given as positive amounts).</summary>
    public static PostingDraft CustomerCreditNote(InvoicePosting creditNote, AccountDefaults defaults)
    {
        var asInvoice = CustomerInvoice(creditNote, defaults);
        return asInvoice with { Lines = asInvoice.Lines.Select(l => l.Mirrored()).ToList() };
    }

    /// <summary>BQ: debit the bank's account, credit 411 (subledger customer). A refund (negative amount) mirrors it.</summary>
    public static PostingDraft CustomerPayment(PaymentPosting payment, AccountDefaults defaults)
    {
        var label = $"{payment.Reference} {payment.ThirdPartyName}";
        return new PostingDraft(Journal.Bank, payment.Date, label, payment.SourceType, payment.SourceId, EntryKind.Posting,
        [
            PostingLine.DebitOf(payment.BankAccount, payment.Amount, label) with { BankAccountId = payment.BankAccountId },
            PostingLine.CreditOf(defaults[DefaultAccountKeys.Customer], payment.Amount, label, payment.CustomerSubledger) with { SubledgerLabel = payment.ThirdPartyName },
        ], payment.Reference);
    }

    /// <summary>AC: debit the expense account per line (product → third party → default) and VAT deductible per rate; credit 401 incl. tax (subledger the supplier).</summary>
    public static PostingDraft SupplierInvoice(InvoicePosting invoice, AccountDefaults defaults)
    {
        var label = $"{invoice.Reference} {invoice.ThirdPartyName}";
        var lines = invoice.Lines
            .GroupBy(l => AccountDetermination.Determine(l.ProductAccount, invoice.ThirdPartyAccount,
                defaults[l.IsService ? DefaultAccountKeys.PurchasesServices : DefaultAccountKeys.PurchasesGoods]).Account ?? "")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => PostingLine.DebitOf(g.Key.Length == 0 ? null : g.Key, g.Sum(l => l.AmountExclTax), label)).ToList();
        lines.AddRange(invoice.Lines.Where(l => l.VatAmount != 0).GroupBy(l => l.VatRate).OrderBy(g => g.Key)
            .Select(g => PostingLine.DebitOf(defaults.VatDeductibleAt(g.Key), g.Sum(l => l.VatAmount), $"{label} VAT {g.Key.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%")
                with { VatRate = g.Key, VatBase = Math.Abs(g.Sum(l => l.AmountExclTax)) }));
        lines.Add(PostingLine.CreditOf(defaults[DefaultAccountKeys.Supplier], invoice.Lines.Sum(l => l.AmountExclTax + l.VatAmount), label, invoice.CustomerSubledger) with
        {
            DueDate = invoice.DueDate, SubledgerLabel = invoice.ThirdPartyName,
        });
        return new PostingDraft(Journal.Purchases, invoice.Date, label, invoice.SourceType, invoice.SourceId, EntryKind.Posting, Drop0(lines), invoice.Reference);
    }

    /// <summary>A supplier credit note reverses every sign of the supplier invoice posting.</summary>
    public static PostingDraft SupplierCreditNote(InvoicePosting creditNote, AccountDefaults defaults)
    {
        var asInvoice = SupplierInvoice(creditNote, defaults);
        return asInvoice with { Lines = asInvoice.Lines.Select(l => l.Mirrored()).ToList() };
    }

    /// <summary>BQ: debit 401 (subledger the supplier), credit the bank's account. A refund (negative amount) mirrors it.</summary>
    public static PostingDraft SupplierPayment(PaymentPosting payment, AccountDefaults defaults)
    {
        var label = $"{payment.Reference} {payment.ThirdPartyName}";
        return new PostingDraft(Journal.Bank, payment.Date, label, payment.SourceType, payment.SourceId, EntryKind.Posting,
        [
            PostingLine.DebitOf(defaults[DefaultAccountKeys.Supplier], payment.Amount, label, payment.CustomerSubledger) with { SubledgerLabel = payment.ThirdPartyName },
            PostingLine.CreditOf(payment.BankAccount, payment.Amount, label) with { BankAccountId = payment.BankAccountId },
        ], payment.Reference);
    }

    /// <summary>OD: debit 641 gross, credit 421 net to pay (subledger the employee), credit 431 the difference.</summary>
    public static PostingDraft Salary(SalaryPosting salary, AccountDefaults defaults)
    {
        var label = $"Salary {salary.Reference} {salary.EmployeeName}";
        return new PostingDraft(Journal.Miscellaneous, salary.Date, label, SalarySource, salary.SalaryId, EntryKind.Posting, Drop0(
        [
            PostingLine.DebitOf(defaults[DefaultAccountKeys.Salaries], salary.Gross, label),
            PostingLine.CreditOf(defaults[DefaultAccountKeys.Staff], salary.NetToPay, label, salary.EmployeeCode) with { SubledgerLabel = salary.EmployeeName },
            PostingLine.CreditOf(defaults[DefaultAccountKeys.SocialCharges], salary.Gross - salary.NetToPay, label),
        ]), salary.Reference);
    }

    /// <summary>BQ: debit 421 (subledger the employee), credit the bank's account.</summary>
    public static PostingDraft SalaryPayment(SalaryPaymentPosting payment, AccountDefaults defaults)
    {
        var label = $"Salary payment {payment.Reference} {payment.EmployeeName}";
        return new PostingDraft(Journal.Bank, payment.Date, label, SalaryPaymentSource, payment.SalaryId, EntryKind.Posting,
        [
            PostingLine.DebitOf(defaults[DefaultAccountKeys.Staff], payment.Amount, label, payment.EmployeeCode) with { SubledgerLabel = payment.EmployeeName },
            PostingLine.CreditOf(payment.BankAccount, payment.Amount, label) with { BankAccountId = payment.BankAccountId },
        ], payment.Reference);
    }

    /// <summary>ER: debit the fee accounts (excl. tax) and VAT deductible per rate; credit 421 incl. tax (subledger the employee).</summary>
    public static PostingDraft ExpenseReport(ExpenseReportPosting report, AccountDefaults defaults)
    {
        var label = $"{report.Reference} {report.EmployeeName}";
        var lines = report.Lines.GroupBy(l => l.Account ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => PostingLine.DebitOf(g.Key.Length == 0 ? null : g.Key, g.Sum(l => l.AmountExclTax), label)).ToList();
        lines.AddRange(report.Lines.Where(l => l.VatAmount != 0).GroupBy(l => l.VatRate).OrderBy(g => g.Key)
            .Select(g => PostingLine.DebitOf(defaults.VatDeductibleAt(g.Key), g.Sum(l => l.VatAmount), $"{label} VAT {g.Key.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%")
                with { VatRate = g.Key, VatBase = Math.Abs(g.Sum(l => l.AmountExclTax)) }));
        lines.Add(PostingLine.CreditOf(defaults[DefaultAccountKeys.Staff], report.Lines.Sum(l => l.AmountExclTax + l.VatAmount), label, report.EmployeeCode) with
        {
            SubledgerLabel = report.EmployeeName,
        });
        return new PostingDraft(Journal.ExpenseReports, report.Date, label, ExpenseReportSource, report.ExpenseReportId, EntryKind.Posting, Drop0(lines), report.Reference);
    }

    /// <summary>BQ: debit 421 (subledger the employee), credit the bank's account.</summary>
    public static PostingDraft ExpenseReportPayment(long reportId, string reference, DateOnly date, string employeeName, string employeeCode, string bankAccount, decimal amount,
        AccountDefaults defaults, long? bankAccountId = null)
    {
        var label = $"Expense report payment {reference} {employeeName}";
        return new PostingDraft(Journal.Bank, date, label, ExpenseReportPaymentSource, reportId, EntryKind.Posting,
        [
            PostingLine.DebitOf(defaults[DefaultAccountKeys.Staff], amount, label, employeeCode) with { SubledgerLabel = employeeName },
            PostingLine.CreditOf(bankAccount, amount, label) with { BankAccountId = bankAccountId },
        ], reference);
    }

    private static string? RevenueAccount(InvoicePostingLine line, InvoicePosting invoice, AccountDefaults defaults) =>
        invoice.IsDeposit || line.IsDepositDeduction
            ? defaults[DefaultAccountKeys.CustomerDeposits]
            : AccountDetermination.Determine(line.ProductAccount, invoice.ThirdPartyAccount,
                defaults[line.IsService ? DefaultAccountKeys.SalesServices : DefaultAccountKeys.SalesGoods]).Account;

    private static List<PostingLine> Drop0(IEnumerable<PostingLine> lines) => lines.Where(l => l.Debit != 0 || l.Credit != 0).ToList();
}
