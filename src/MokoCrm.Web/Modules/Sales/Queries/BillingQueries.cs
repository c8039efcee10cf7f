using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Tags;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Sales.Queries;

public sealed record InvoiceRow
{
    public long Id { get; init; }

    public string Reference { get; init; } = "";

    public string Kind { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string ThirdParty { get; init; } = "";

    public DateOnly Date { get; init; }

    public DateOnly? DueDate { get; init; }

    public decimal TotalExclTax { get; init; }

    public decimal TotalInclTax { get; init; }

    public decimal Remaining { get; init; }

    public string Status { get; init; } = "";
}

/// <summary>The filters of the invoice list, bound from the query string.</summary>
public sealed class InvoiceListFilter
{
    public string? Status { get; set; }

    public string? Kind { get; set; }

    public long? ThirdParty { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public decimal? MinAmount { get; set; }

    public decimal? MaxAmount { get; set; }

    /// <summary>A user: the invoices of the third parties they represent.</summary>
    public long? Rep { get; set; }

    public long? Tag { get; set; }

    /// <summary>Unpaid and past their due date.</summary>
    public bool Late { get; set; }
}

public sealed record InvoiceTotals(int Count, decimal TotalExclTax, decimal TotalInclTax, decimal Remaining);

public sealed record InvoiceListViewModel(ListPage<InvoiceRow> List, InvoiceListFilter Filter, InvoiceTotals Totals, string? ThirdPartyName,
    IReadOnlyList<NamedChoice> Reps, TagFilterViewModel Tags, bool CanInvoiceOrders);

public sealed record PaymentRow
{
    public long Id { get; init; }

    public string Number { get; init; } = "";

    public long ThirdPartyId { get; init; }

    public string ThirdParty { get; init; } = "";

    public DateOnly Date { get; init; }

    public decimal Amount { get; init; }

    public string Bank { get; init; } = "";

    public string? Reference { get; init; }

    public string Status { get; init; } = "";
}

public sealed class PaymentListFilter
{
    public long? ThirdParty { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public decimal? MinAmount { get; set; }

    public decimal? MaxAmount { get; set; }

    public long? Rep { get; set; }
}

public sealed record PaymentListViewModel(ListPage<PaymentRow> List, PaymentListFilter Filter, int Count, decimal Total, string? ThirdPartyName, IReadOnlyList<NamedChoice> Reps);

/// <summary>What an invoice card shows besides the invoice: payments, credits used, credits and deposits available.</summary>
public sealed record InvoiceCard(
    Invoice Invoice,
    SalesCardContext Context,
    LineForm? EditedLine,
    long? EditedLineId,
    IReadOnlyList<InvoicePaymentRow> Payments,
    IReadOnlyList<NamedAmount> CreditsAvailable,
    IReadOnlyList<NamedAmount> DepositsAvailable,
    string? CreditedNumber,
    bool IsLate);

public sealed record InvoicePaymentRow(long? PaymentId, string Number, DateOnly Date, decimal Amount, string What);

public sealed record NamedAmount(long Id, string Name, decimal Amount);

/// <summary>A customer's open invoices to spread a payment over, and Setup's bank accounts and methods.</summary>
public sealed record PaymentFormViewModel(PaymentForm Form, string? ThirdPartyName, IReadOnlyList<InvoiceRow> Open, IReadOnlyList<NamedChoice> Banks,
    IReadOnlyList<NamedChoice> Methods);

public sealed record PaymentCard(CustomerPayment Payment, string ThirdParty, string Bank, string? Method, IReadOnlyList<(long Id, string Number, decimal Amount)> Shares,
    string? ReversalOf, string? ReversedBy);

/// <summary>Read side of the invoice and payment screens: every query composes the CRM visibility rule.</summary>
public sealed class BillingQueries(AppDbContext db, CurrentCrmVisibility visibility, SalesQueries sales, ITagService tags, TimeProvider clock)
{
    public static readonly string[] InvoiceStatuses = Enum.GetNames<InvoiceStatus>();

    public static readonly ListDefinition<InvoiceRow> InvoiceList = new ListDefinition<InvoiceRow>("invoices", r => r.Id)
        .Column("reference", "Ref.", r => r.Reference, c => c.Link = r => "/Sales/Invoices/" + r.Id)
        .Column("kind", "Type", r => r.Kind)
        .Column("thirdparty", "Customer", r => r.ThirdParty, c => c.Link = r => $"/Crm/ThirdParties/{r.ThirdPartyId}")
        .Column("date", "Date", r => r.Date)
        .Column("due", "Due", r => r.DueDate)
        .Column("excl", "Total excl. tax", r => r.TotalExclTax, c => { c.Total = true; c.Format = "N2"; })
        .Column("incl", "Total incl. tax", r => r.TotalInclTax, c => { c.Total = true; c.Format = "N2"; })
        .Column("remaining", "Left to pay", r => r.Remaining, c => { c.Total = true; c.Format = "N2"; })
        .Column("status", "Status", r => r.Status, c => c.Badge = r => r.Status switch
        {
            "Draft" => "secondary", "Paid" => "success", "Abandoned" => "danger", _ => "warning",
        })
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Reference, $"%{q}%") || EF.Functions.ILike(r.ThirdParty, $"%{q}%")));

    public static readonly ListDefinition<PaymentRow> PaymentList = new ListDefinition<PaymentRow>("payments", r => r.Id)
        .Column("number", "Ref.", r => r.Number, c => c.Link = r => "/Sales/Payments/" + r.Id)
        .Column("thirdparty", "Customer", r => r.ThirdParty, c => c.Link = r => $"/Crm/ThirdParties/{r.ThirdPartyId}")
        .Column("date", "Date", r => r.Date)
        .Column("bank", "Bank account", r => r.Bank)
        .Column("reference", "Reference", r => r.Reference)
        .Column("amount", "Amount", r => r.Amount, c => { c.Total = true; c.Format = "N2"; })
        .Column("status", "Status", r => r.Status, c => c.Badge = r => r.Status switch { "Recorded" => "success", _ => "secondary" })
        .SortedBy("date", descending: true)
        .Searching((rows, q) => rows.Where(r => EF.Functions.ILike(r.Number, $"%{q}%") || EF.Functions.ILike(r.ThirdParty, $"%{q}%")));

    public async Task<IQueryable<Invoice>> VisibleInvoicesAsync() =>
        db.Set<Invoice>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), i => i.ThirdPartyId);

    public async Task<IQueryable<InvoiceRow>> InvoicesAsync(InvoiceListFilter filter)
    {
        var rows = await VisibleInvoicesAsync();
        if (Enum.TryParse<InvoiceStatus>(filter.Status, out var status))
        {
            rows = rows.Where(i => i.Status == status);
        }

        if (Enum.TryParse<InvoiceKind>(filter.Kind, out var kind))
        {
            rows = rows.Where(i => i.Kind == kind);
        }

        if (filter.ThirdParty is { } tp)
        {
            rows = rows.Where(i => i.ThirdPartyId == tp);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(i => i.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(i => i.Date <= to);
        }

        if (filter.MinAmount is { } min)
        {
            rows = rows.Where(i => i.TotalExclTax >= min);
        }

        if (filter.MaxAmount is { } max)
        {
            rows = rows.Where(i => i.TotalExclTax <= max);
        }

        if (filter.Rep is { } rep)
        {
            var represented = CrmVisibility.RepresentedBy(db, rep);
            rows = rows.Where(i => represented.Contains(i.ThirdPartyId));
        }

        if (filter.Late)
        {
            var today = Today();
            rows = rows.Where(i => i.Status == InvoiceStatus.Unpaid && i.DueDate < today);
        }

        rows = rows.WithTag(tags, BillingRecordTypes.Invoice, filter.Tag, i => i.Id);
        return from i in rows
            join t in ThirdPartyNames.Query(db) on i.ThirdPartyId equals t.Id
            select new InvoiceRow
            {
                Id = i.Id, Reference = i.Number ?? "(PROV" + i.Id.ToString() + ")", ThirdPartyId = i.ThirdPartyId, ThirdParty = t.Name, Date = i.Date, DueDate = i.DueDate,
                Kind = i.Kind == InvoiceKind.CreditNote ? "Credit note" : i.Kind == InvoiceKind.Deposit ? "Deposit" : "Invoice",
                TotalExclTax = i.TotalExclTax, TotalInclTax = i.TotalInclTax,
                Remaining = i.Status == InvoiceStatus.Unpaid ? i.TotalInclTax - i.AmountSettled : 0m,
                Status = i.Status == InvoiceStatus.Draft ? "Draft" : i.Status == InvoiceStatus.Unpaid ? "Unpaid" : i.Status == InvoiceStatus.Paid ? "Paid" : "Abandoned",
            };
    }

    public static async Task<InvoiceTotals> TotalsAsync(IQueryable<InvoiceRow> rows, CancellationToken cancellationToken) =>
        await rows.GroupBy(_ => 1).Select(g => new InvoiceTotals(g.Count(), g.Sum(r => r.TotalExclTax), g.Sum(r => r.TotalInclTax), g.Sum(r => r.Remaining)))
            .SingleOrDefaultAsync(cancellationToken) ?? new InvoiceTotals(0, 0m, 0m, 0m);

    public async Task<IQueryable<PaymentRow>> PaymentsAsync(PaymentListFilter filter)
    {
        var rows = db.Set<CustomerPayment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.ThirdPartyId);
        if (filter.ThirdParty is { } tp)
        {
            rows = rows.Where(p => p.ThirdPartyId == tp);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(p => p.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(p => p.Date <= to);
        }

        if (filter.MinAmount is { } min)
        {
            rows = rows.Where(p => p.Amount >= min);
        }

        if (filter.MaxAmount is { } max)
        {
            rows = rows.Where(p => p.Amount <= max);
        }

        if (filter.Rep is { } rep)
        {
            var represented = CrmVisibility.RepresentedBy(db, rep);
            rows = rows.Where(p => represented.Contains(p.ThirdPartyId));
        }

        return from p in rows
            join t in ThirdPartyNames.Query(db) on p.ThirdPartyId equals t.Id
            join b in db.Set<BankAccount>() on p.BankAccountId equals b.Id
            select new PaymentRow
            {
                Id = p.Id, Number = p.Number, ThirdPartyId = p.ThirdPartyId, ThirdParty = t.Name, Date = p.Date, Amount = p.Amount, Bank = b.Label, Reference = p.Reference,
                Status = p.ReversalOfId != null ? "Reversal" : p.ReversedById != null ? "Cancelled" : "Recorded",
            };
    }

    public async Task<IReadOnlyList<NamedChoice>> RepChoicesAsync(CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.FullName).Select(u => new NamedChoice(u.Id, u.FullName)).ToListAsync(cancellationToken);

    public async Task<Invoice?> InvoiceAsync(long id) => await (await VisibleInvoicesAsync()).Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id);

    public async Task<InvoiceCard?> InvoiceCardAsync(long id, long? editLine, CancellationToken cancellationToken)
    {
        if (await InvoiceAsync(id) is not { } invoice)
        {
            return null;
        }

        var payments = await (from s in db.Set<CustomerPaymentShare>().AsNoTracking()
                              join p in db.Set<CustomerPayment>() on s.PaymentId equals p.Id
                              where s.InvoiceId == id
                              orderby p.Date, p.Id
                              select new InvoicePaymentRow(p.Id, p.Number, p.Date, s.Amount, p.ReversalOfId != null ? "Reversal" : p.ReversedById != null ? "Payment (cancelled)" : "Payment"))
            .ToListAsync(cancellationToken);
        var credits = await (from u in db.Set<InvoiceCreditUse>().AsNoTracking()
                             join other in db.Set<Invoice>() on (u.InvoiceId == id ? u.CreditNoteId : u.InvoiceId) equals other.Id
                             where u.InvoiceId == id || u.CreditNoteId == id
                             select new InvoicePaymentRow(null, other.Number ?? "", u.Date, u.InvoiceId == id ? u.Amount : -u.Amount, u.InvoiceId == id ? "Credit note used" : "Used on invoice"))
            .ToListAsync(cancellationToken);
        var available = invoice.Status == InvoiceStatus.Unpaid && invoice.Kind != InvoiceKind.CreditNote
            ? await db.Set<Invoice>().AsNoTracking()
                .Where(c => c.ThirdPartyId == invoice.ThirdPartyId && c.Kind == InvoiceKind.CreditNote && c.Status == InvoiceStatus.Unpaid)
                .OrderBy(c => c.Id).Select(c => new NamedAmount(c.Id, c.Number!, c.AmountSettled - c.TotalInclTax)).ToListAsync(cancellationToken)
            : [];
        var deposits = invoice.Status == InvoiceStatus.Draft && invoice.Kind == InvoiceKind.Standard
            ? await db.Set<Invoice>().AsNoTracking()
                .Where(d => d.ThirdPartyId == invoice.ThirdPartyId && d.Kind == InvoiceKind.Deposit && d.Status == InvoiceStatus.Paid
                            && !db.Set<InvoiceLine>().Any(l => l.DeductedDepositId == d.Id && db.Set<Invoice>().Any(x => x.Id == l.DocumentId && x.Status != InvoiceStatus.Abandoned)))
                .OrderBy(d => d.Id).Select(d => new NamedAmount(d.Id, d.Number!, d.TotalInclTax)).ToListAsync(cancellationToken)
            : [];
        var credited = invoice.CreditedInvoiceId is { } c ? await db.Set<Invoice>().Where(x => x.Id == c).Select(x => x.Number).FirstOrDefaultAsync(cancellationToken) : null;
        var edited = editLine is { } e ? invoice.Lines.FirstOrDefault(x => x.Id == e) : null;
        return new InvoiceCard(invoice, await sales.ContextAsync(invoice, new RecordRef(BillingRecordTypes.Invoice, id), cancellationToken),
            edited is null ? null : LineForm.Of(edited), edited?.Id, payments.Concat(credits).OrderBy(p => p.Date).ToList(), available, deposits, credited,
            invoice.IsLate(Today()));
    }

    public async Task<InvoiceForm?> InvoiceFormAsync(long id, INoteService notes, CancellationToken cancellationToken)
    {
        if (await InvoiceAsync(id) is not { } i)
        {
            return null;
        }

        var n = await notes.GetAsync(new RecordRef(BillingRecordTypes.Invoice, id), cancellationToken);
        return new InvoiceForm
        {
            Kind = i.Kind, ThirdPartyId = i.ThirdPartyId, CustomerContactId = i.CustomerContactId, BillingContactId = i.BillingContactId, ShippingContactId = i.ShippingContactId,
            Date = i.Date, PaymentTermId = i.PaymentTermId, PaymentMethodId = i.PaymentMethodId, PublicNote = n.Public, PrivateNote = n.Private,
        };
    }

    /// <summary>The payment form: the customer's open invoices (oldest due first), Setup's active bank accounts and methods.</summary>
    public async Task<PaymentFormViewModel> PaymentFormAsync(PaymentForm form, CancellationToken cancellationToken)
    {
        var open = form.ThirdPartyId is { } tp
            ? await (await InvoicesAsync(new InvoiceListFilter { ThirdParty = tp, Status = nameof(InvoiceStatus.Unpaid) })).OrderBy(r => r.DueDate).ThenBy(r => r.Id)
                .Take(200).ToListAsync(cancellationToken)
            : [];
        var banks = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active).OrderBy(b => b.Label).Select(b => new NamedChoice(b.Id, b.Label)).ToListAsync(cancellationToken);
        var methods = await db.Set<PaymentMethod>().AsNoTracking().Where(m => m.Active).OrderBy(m => m.Label).Select(m => new NamedChoice(m.Id, m.Label)).ToListAsync(cancellationToken);
        return new PaymentFormViewModel(form, await sales.ThirdPartyNameAsync(form.ThirdPartyId, cancellationToken), open, banks, methods);
    }

    public async Task<PaymentCard?> PaymentCardAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        var payment = await db.Set<CustomerPayment>().AsNoTracking().Include(p => p.Shares).Where(p => p.Id == id).WhereThirdPartyVisible(visible, p => p.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken);
        if (payment is null)
        {
            return null;
        }

        var invoiceIds = payment.Shares.Select(s => s.InvoiceId).ToList();
        var numbers = await db.Set<Invoice>().AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number ?? "", cancellationToken);
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Id == payment.BankAccountId).Select(b => b.Label).FirstOrDefaultAsync(cancellationToken) ?? "";
        var method = payment.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var related = new[] { payment.ReversalOfId, payment.ReversedById }.OfType<long>().ToList();
        var others = await db.Set<CustomerPayment>().AsNoTracking().Where(p => related.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Number, cancellationToken);
        return new PaymentCard(payment, await sales.ThirdPartyNameAsync(payment.ThirdPartyId, cancellationToken) ?? "", bank, method,
            payment.Shares.Select(s => (s.InvoiceId, numbers.GetValueOrDefault(s.InvoiceId, ""), s.Amount)).ToList(),
            payment.ReversalOfId is { } of ? others.GetValueOrDefault(of) : null, payment.ReversedById is { } by ? others.GetValueOrDefault(by) : null);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

/// <summary>How invoices appear in record tabs and "Link to…" (visibility is applied by the platform).</summary>
internal sealed class InvoiceDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => BillingRecordTypes.Invoice;

    public string TypeLabel => "Invoice";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Invoice>().Where(i => ids.Contains(i.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<Invoice>().Where(i => i.Number != null && EF.Functions.ILike(i.Number, $"%{query}%")).OrderByDescending(i => i.Id).Take(limit))
            .ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<Invoice> rows) =>
        rows.AsNoTracking().Select(i => new RecordSummary(BillingRecordTypes.Invoice, i.Id, i.Number ?? "(PROV" + i.Id.ToString() + ")", i.Date, i.TotalExclTax,
            i.Status == InvoiceStatus.Draft ? "Draft" : i.Status == InvoiceStatus.Unpaid ? "Unpaid" : i.Status == InvoiceStatus.Paid ? "Paid" : "Abandoned",
            "/Sales/Invoices/" + i.Id));
}

internal sealed class PaymentDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => BillingRecordTypes.Payment;

    public string TypeLabel => "Payment";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<CustomerPayment>().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<CustomerPayment>().Where(p => EF.Functions.ILike(p.Number, $"%{query}%")).OrderByDescending(p => p.Id).Take(limit)).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<CustomerPayment> rows) =>
        rows.AsNoTracking().Select(p => new RecordSummary(BillingRecordTypes.Payment, p.Id, p.Number, p.Date, p.Amount,
            p.ReversalOfId != null ? "Reversal" : p.ReversedById != null ? "Cancelled" : "Recorded", "/Sales/Payments/" + p.Id));
}
