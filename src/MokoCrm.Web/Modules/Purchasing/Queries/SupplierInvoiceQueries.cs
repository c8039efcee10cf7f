using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Modules.Purchasing.Queries;

public sealed record PaymentOfInvoice(long PaymentId, string Number, DateOnly Date, decimal Amount, bool Reversal);

/// <summary>
/// A credit note used on this invoice, or (on a credit note's card) an invoice it was used on: the other document and
/// the amount, positive on the invoice's side.
/// </summary>
public sealed record CreditUseOfInvoice(long OtherId, string Number, DateOnly Date, decimal Amount, string Label);

/// <summary>A validated supplier credit note with credit left (positive), offered on an unpaid invoice of its supplier.</summary>
public sealed record AvailableCredit(long Id, string Number, string SupplierNumber, decimal Amount);

public sealed record SupplierInvoiceCard(SupplierInvoice Invoice, PurchaseCardContext Context, IReadOnlyList<string> Warnings, IReadOnlyList<PaymentOfInvoice> Payments,
    LineForm? EditedLine, long? EditedLineId)
{
    public IReadOnlyList<CreditUseOfInvoice> CreditUses { get; init; } = [];

    public IReadOnlyList<AvailableCredit> CreditsAvailable { get; init; } = [];
}

/// <summary>A document the invoice form offers to bill.</summary>
public sealed record BillableDocument(long Id, string Reference, DateOnly Date, string Detail, bool Checked);

public sealed record SupplierInvoiceFormView(SupplierInvoiceForm Form, string? SupplierName, IReadOnlyList<BillableDocument> Orders, IReadOnlyList<BillableDocument> Receptions);

public sealed record OpenInvoice(long Id, string Reference, string SupplierNumber, DateOnly Date, DateOnly? DueDate, decimal Total, decimal Remaining);

public sealed record SupplierPaymentFormView(SupplierPaymentForm Form, string? SupplierName, IReadOnlyList<OpenInvoice> Invoices, IReadOnlyList<NamedChoice> BankAccounts,
    IReadOnlyList<NamedChoice> Methods);

public sealed record SupplierPaymentCard(SupplierPayment Payment, string Supplier, string BankAccount, string? Method, IReadOnlyList<(long Id, string Reference, decimal Amount)> Invoices,
    string? ReversalNumber, string? ReversesNumber);

/// <summary>Read side of supplier invoices and payments: every query composes the third-party visibility rule of Crm/Public.</summary>
public sealed class SupplierInvoiceQueries(AppDbContext db, CurrentCrmVisibility visibility, IThirdPartyLookup thirdParties, PurchasingQueries purchasing, PurchasingChecks checks)
{
    public static readonly IReadOnlyList<(string, string)> InvoiceStatuses = Enum.GetValues<SupplierInvoiceStatus>().Select(s => (s.ToString(), SupplierInvoice.Label(s))).ToList();

    public static readonly ListDefinition<PurchaseRow> InvoiceList = PurchasingQueries.List("supplier-invoices", "/Purchasing/Invoices/", "Supplier's number", amounts: true);
    public static readonly ListDefinition<PurchaseRow> PaymentList = PurchasingQueries.List("supplier-payments", "/Purchasing/Payments/", "Reference", amounts: true);

    public async Task<IQueryable<SupplierInvoice>> VisibleInvoicesAsync() =>
        db.Set<SupplierInvoice>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), i => i.SupplierId);

    public async Task<IQueryable<PurchaseRow>> InvoicesAsync(PurchaseListFilter filter)
    {
        var rows = await VisibleInvoicesAsync();
        if (Enum.TryParse<SupplierInvoiceStatus>(filter.Status, out var status))
        {
            rows = rows.Where(i => i.Status == status);
        }

        if (filter.Supplier is { } s)
        {
            rows = rows.Where(i => i.SupplierId == s);
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

        return InvoiceRows(rows);
    }

    public async Task<IQueryable<PurchaseRow>> PaymentsAsync(PurchaseListFilter filter)
    {
        var rows = db.Set<SupplierPayment>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.SupplierId);
        if (filter.Supplier is { } s)
        {
            rows = rows.Where(p => p.SupplierId == s);
        }

        if (filter.From is { } from)
        {
            rows = rows.Where(p => p.Date >= from);
        }

        if (filter.To is { } to)
        {
            rows = rows.Where(p => p.Date <= to);
        }

        return from p in rows
            join t in ThirdPartyNames.Query(db) on p.SupplierId equals t.Id
            select new PurchaseRow
            {
                Id = p.Id, Reference = p.Number, SupplierId = p.SupplierId, Supplier = t.Name, Date = p.Date, Detail = p.PaymentReference,
                TotalExclTax = p.Amount, TotalInclTax = p.Amount,
                Status = p.ReversesPaymentId != null ? "Reversal" : p.ReversedByPaymentId != null ? "Cancelled" : "Paid",
            };
    }

    public async Task<SupplierInvoice?> InvoiceAsync(long id) =>
        await (await VisibleInvoicesAsync()).Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id);

    public async Task<SupplierInvoiceCard?> InvoiceCardAsync(long id, long? editLine, CancellationToken cancellationToken)
    {
        if (await InvoiceAsync(id) is not { } invoice)
        {
            return null;
        }

        var warnings = new List<string>();
        if (invoice.IsDraft && invoice.Kind == SupplierInvoiceKind.Invoice)
        {
            var lineIds = invoice.Lines.Where(l => l.OrderLineId != null).Select(l => l.OrderLineId!.Value).ToList();
            var orderLines = await db.Set<PurchaseOrderLine>().AsNoTracking().Where(l => lineIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
            foreach (var line in invoice.OrderedLines.Where(l => l.OrderLineId != null))
            {
                var ol = orderLines[line.OrderLineId!.Value];
                if (ol.QuantityBilled + line.Quantity > ol.QuantityReceived)
                {
                    warnings.Add($"Line {line.Position} ({line.Description}) bills {ol.QuantityBilled + line.Quantity:0.#####} in all, but only {ol.QuantityReceived:0.#####} was received.");
                }
            }
        }

        var payments = await (from s in db.Set<SupplierPaymentShare>().AsNoTracking()
                              join p in db.Set<SupplierPayment>() on s.PaymentId equals p.Id
                              where s.InvoiceId == id
                              orderby p.Date, p.Id
                              select new PaymentOfInvoice(p.Id, p.Number, p.Date, s.Amount, p.ReversesPaymentId != null)).ToListAsync(cancellationToken);
        var credits = await (from u in db.Set<SupplierInvoiceCreditUse>().AsNoTracking()
                             join other in db.Set<SupplierInvoice>() on (u.InvoiceId == id ? u.CreditNoteId : u.InvoiceId) equals other.Id
                             where u.InvoiceId == id || u.CreditNoteId == id
                             orderby u.Date, u.Id
                             select new CreditUseOfInvoice(other.Id, other.Number ?? "", u.Date, u.InvoiceId == id ? u.Amount : -u.Amount,
                                 u.InvoiceId == id ? "Credit note used" : "Used on invoice"))
            .ToListAsync(cancellationToken);
        var available = invoice.Status == SupplierInvoiceStatus.Validated && invoice.Kind == SupplierInvoiceKind.Invoice
            ? await db.Set<SupplierInvoice>().AsNoTracking()
                .Where(c => c.SupplierId == invoice.SupplierId && c.Kind == SupplierInvoiceKind.CreditNote && c.Status == SupplierInvoiceStatus.Validated)
                .OrderBy(c => c.Date).ThenBy(c => c.Id).Take(50)
                .Select(c => new AvailableCredit(c.Id, c.Number!, c.SupplierInvoiceNumber, c.TotalInclTax + c.AmountSettled)).ToListAsync(cancellationToken)
            : [];
        var edited = editLine is { } e ? invoice.Lines.FirstOrDefault(x => x.Id == e) : null;
        return new SupplierInvoiceCard(invoice, await purchasing.ContextAsync(invoice.SupplierId, null, invoice.PaymentTermId, invoice.PaymentMethodId,
                new RecordRef(PurchasingRecordTypes.SupplierInvoice, id), [invoice.AuthorUserId, invoice.ValidatedByUserId], cancellationToken),
            warnings, payments, edited is null ? null : LineForm.Of(edited), edited?.Id)
        {
            CreditUses = credits,
            CreditsAvailable = available,
        };
    }

    /// <summary>The invoice form: the supplier's orders and receptions that still have something to bill (a chosen one ticked).</summary>
    public async Task<SupplierInvoiceFormView> InvoiceFormAsync(SupplierInvoiceForm form, CancellationToken cancellationToken)
    {
        if (form.SupplierId is not { } supplier)
        {
            return new SupplierInvoiceFormView(form, null, [], []);
        }

        var orders = await (await purchasing.VisibleOrdersAsync())
            .Where(o => o.SupplierId == supplier && (o.Status == PurchaseOrderStatus.Ordered || o.Status == PurchaseOrderStatus.PartlyReceived
                || o.Status == PurchaseOrderStatus.Received) && !o.Billed)
            .OrderBy(o => o.Date).ThenBy(o => o.Id).Select(o => new { o.Id, o.Number, o.Date, o.Status, o.TotalInclTax }).Take(100).ToListAsync(cancellationToken);
        var receptions = await (await purchasing.VisibleReceptionsAsync())
            .Where(r => r.SupplierId == supplier && (r.Status == ReceptionStatus.Validated || r.Status == ReceptionStatus.Closed) && r.Lines.Any(l => l.QuantityBilled < l.Quantity))
            .OrderBy(r => r.Date).ThenBy(r => r.Id).Select(r => new { r.Id, r.Number, r.Date, r.PurchaseOrderId }).Take(100).ToListAsync(cancellationToken);
        var orderNumbers = await db.Set<PurchaseOrder>().AsNoTracking().Where(o => receptions.Select(r => r.PurchaseOrderId).Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Number, cancellationToken);
        return new SupplierInvoiceFormView(form, (await thirdParties.FindAsync(supplier, cancellationToken))?.Name,
            orders.Select(o => new BillableDocument(o.Id, o.Number ?? "", o.Date, $"{PurchaseOrder.Label(o.Status)}, {o.TotalInclTax:N2} incl. tax", form.OrderIds.Contains(o.Id))).ToList(),
            receptions.Select(r => new BillableDocument(r.Id, r.Number ?? "", r.Date, $"of {orderNumbers.GetValueOrDefault(r.PurchaseOrderId)}", form.ReceptionIds.Contains(r.Id))).ToList());
    }

    public async Task<SupplierPaymentFormView> PaymentFormAsync(SupplierPaymentForm form, CancellationToken cancellationToken)
    {
        var invoices = form.SupplierId is { } s
            ? await (await VisibleInvoicesAsync()).Where(i => i.SupplierId == s && i.Status == SupplierInvoiceStatus.Validated)
                .OrderBy(i => i.DueDate).ThenBy(i => i.Id).Take(200).ToListAsync(cancellationToken)
            : [];
        var banks = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Active).OrderBy(b => b.Label).Select(b => new NamedChoice(b.Id, b.Label)).ToListAsync(cancellationToken);
        var methods = await db.Set<PaymentMethod>().AsNoTracking().Where(m => m.Active).OrderBy(m => m.Label).Select(m => new NamedChoice(m.Id, m.Label)).ToListAsync(cancellationToken);
        return new SupplierPaymentFormView(form, await purchasing.SupplierNameAsync(form.SupplierId, cancellationToken),
            invoices.Select(i => new OpenInvoice(i.Id, i.Reference, i.SupplierInvoiceNumber, i.Date, i.DueDate, i.SignedTotal, i.Remaining)).ToList(), banks, methods);
    }

    public async Task<SupplierPaymentCard?> PaymentCardAsync(long id, CancellationToken cancellationToken)
    {
        var payment = await db.Set<SupplierPayment>().AsNoTracking().Include(p => p.Shares).WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), p => p.SupplierId)
            .SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is null)
        {
            return null;
        }

        var ids = payment.Shares.Select(s => s.InvoiceId).ToList();
        var refs = await db.Set<SupplierInvoice>().AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number ?? "", cancellationToken);
        var bank = await db.Set<BankAccount>().AsNoTracking().Where(b => b.Id == payment.BankAccountId).Select(b => b.Label).FirstOrDefaultAsync(cancellationToken) ?? "";
        var method = payment.PaymentMethodId is { } m ? await db.Set<PaymentMethod>().AsNoTracking().Where(x => x.Id == m).Select(x => x.Label).FirstOrDefaultAsync(cancellationToken) : null;
        var related = new[] { payment.ReversedByPaymentId, payment.ReversesPaymentId }.Where(x => x is not null).Select(x => x!.Value).ToList();
        var numbers = await db.Set<SupplierPayment>().AsNoTracking().Where(p => related.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Number, cancellationToken);
        return new SupplierPaymentCard(payment, await purchasing.SupplierNameAsync(payment.SupplierId, cancellationToken) ?? "", bank, method,
            payment.Shares.Select(s => (s.InvoiceId, refs.GetValueOrDefault(s.InvoiceId, ""), s.Amount)).ToList(),
            payment.ReversedByPaymentId is { } r ? numbers.GetValueOrDefault(r) : null, payment.ReversesPaymentId is { } o ? numbers.GetValueOrDefault(o) : null);
    }

    /// <summary>The purchasing home's "supplier invoices due": unpaid, soonest due first.</summary>
    public async Task<IReadOnlyList<PurchaseRow>> DueAsync(CancellationToken cancellationToken) =>
        await InvoiceRows((await VisibleInvoicesAsync()).Where(i => i.Status == SupplierInvoiceStatus.Validated).OrderBy(i => i.DueDate).ThenBy(i => i.Id).Take(20))
            .ToListAsync(cancellationToken);

    public Task<IReadOnlyList<(decimal Rate, string Label, bool IsDefault)>> VatChoicesAsync(CancellationToken cancellationToken) => checks.VatChoicesAsync(cancellationToken);

    private IQueryable<PurchaseRow> InvoiceRows(IQueryable<SupplierInvoice> rows) =>
        from i in rows
        join t in ThirdPartyNames.Query(db) on i.SupplierId equals t.Id
        select new PurchaseRow
        {
            Id = i.Id, Reference = i.Number ?? "(PROV" + i.Id.ToString() + ")", SupplierId = i.SupplierId, Supplier = t.Name, Date = i.Date,
            Detail = i.SupplierInvoiceNumber + (i.DueDate == null ? "" : ", due " + i.DueDate.Value.ToString()),
            TotalExclTax = i.Kind == SupplierInvoiceKind.CreditNote ? -i.TotalExclTax : i.TotalExclTax,
            TotalInclTax = i.Kind == SupplierInvoiceKind.CreditNote ? -i.TotalInclTax : i.TotalInclTax,
            Status = i.Status == SupplierInvoiceStatus.Draft ? "Draft" : i.Status == SupplierInvoiceStatus.Validated ? "Unpaid" : i.Status == SupplierInvoiceStatus.Paid ? "Paid" : "Abandoned",
        };
}

internal sealed class SupplierInvoiceDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => PurchasingRecordTypes.SupplierInvoice;

    public string TypeLabel => "Supplier invoice";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SupplierInvoice>().Where(i => ids.Contains(i.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SupplierInvoice>().Where(i => (i.Number != null && EF.Functions.ILike(i.Number, $"%{query}%")) || EF.Functions.ILike(i.SupplierInvoiceNumber, $"%{query}%"))
            .OrderByDescending(i => i.Id).Take(limit)).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<SupplierInvoice> rows) =>
        rows.AsNoTracking().Select(i => new RecordSummary(PurchasingRecordTypes.SupplierInvoice, i.Id, i.Number ?? "(PROV" + i.Id.ToString() + ")", i.Date,
            i.Kind == SupplierInvoiceKind.CreditNote ? -i.TotalExclTax : i.TotalExclTax,
            i.Status == SupplierInvoiceStatus.Draft ? "Draft" : i.Status == SupplierInvoiceStatus.Validated ? "Unpaid" : i.Status == SupplierInvoiceStatus.Paid ? "Paid" : "Abandoned",
            "/Purchasing/Invoices/" + i.Id));
}

internal sealed class SupplierPaymentDescriber(AppDbContext db) : IRecordDescriber
{
    public string RecordType => PurchasingRecordTypes.SupplierPayment;

    public string TypeLabel => "Supplier payment";

    public bool Searchable => true;

    public async Task<IReadOnlyList<RecordSummary>> DescribeAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SupplierPayment>().Where(p => ids.Contains(p.Id))).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordSummary>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        await Summaries(db.Set<SupplierPayment>().Where(p => EF.Functions.ILike(p.Number, $"%{query}%")).OrderByDescending(p => p.Id).Take(limit)).ToListAsync(cancellationToken);

    private static IQueryable<RecordSummary> Summaries(IQueryable<SupplierPayment> rows) =>
        rows.AsNoTracking().Select(p => new RecordSummary(PurchasingRecordTypes.SupplierPayment, p.Id, p.Number, p.Date, p.Amount,
            p.ReversesPaymentId != null ? "Reversal" : p.ReversedByPaymentId != null ? "Cancelled" : "Paid", "/Purchasing/Payments/" + p.Id));
}
