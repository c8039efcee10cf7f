using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Features;

/// <summary>A supplier invoice from the supplier's orders and/or receptions (none: lines are added by hand).</summary>
public sealed class SupplierInvoiceForm
{
    public long? SupplierId { get; set; }

    public string? SupplierInvoiceNumber { get; set; }

    public DateOnly? Date { get; set; }

    /// <summary>Empty: from the supplier's payment terms (else the invoice date).</summary>
    public DateOnly? DueDate { get; set; }

    public List<long> OrderIds { get; set; } = [];

    public List<long> ReceptionIds { get; set; } = [];
}

public sealed class SupplierInvoiceFormValidator : AbstractValidator<SupplierInvoiceForm>
{
    public SupplierInvoiceFormValidator()
    {
        RuleFor(f => f.SupplierId).NotNull().WithMessage("Choose the supplier.");
        RuleFor(f => f.SupplierInvoiceNumber).NotEmpty().WithMessage("Enter the supplier's invoice number (printed on their invoice).").MaximumLength(64);
        RuleFor(f => f.Date).NotNull().WithMessage("Enter the date of the invoice.");
        RuleFor(f => f.DueDate).GreaterThanOrEqualTo(f => f.Date).When(f => f.Date is not null && f.DueDate is not null)
            .WithMessage("The due date cannot be before the invoice date.");
    }
}

/// <summary>The "Classify abandoned" confirmation: a reason from the list and an optional note.</summary>
public sealed class SupplierInvoiceAbandonForm
{
    public SupplierInvoiceAbandonReason? Reason { get; set; }

    public string? Note { get; set; }
}

/// <summary>What a validation says besides "done": quantities billed beyond what was received (allowed, but worth a look).</summary>
public sealed record SupplierInvoiceValidation(string Number, IReadOnlyList<string> Warnings);

/// <summary>
/// Supplier invoices and credit notes: from orders and/or receptions of one supplier (their lines left to bill),
/// draft lines, validation (bills the orders and receptions, sets the orders' billed flag, posts AC through the
/// event), credit notes. One transaction per action.
/// </summary>
public sealed class SupplierInvoiceAdministration(
    AppDbContext db,
    PurchasingChecks checks,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    /// <summary>The invoice of a supplier that already carries a supplier's number, if any; compiled once.</summary>
    private static readonly Func<AppDbContext, long, string, CancellationToken, Task<RecordedInvoice?>> RecordedNumber =
        EF.CompileAsyncQuery((AppDbContext db, long supplierId, string wanted, CancellationToken ct) => db.Set<SupplierInvoice>().AsNoTracking()
            .Where(i => i.SupplierId == supplierId && i.SupplierInvoiceNumber == wanted).Select(i => new RecordedInvoice(i.Id, i.Number)).FirstOrDefault());

    /// <summary>The receptions a new invoice is made from, with their lines, untracked, for a user who sees every supplier; compiled once.</summary>
    private static readonly Func<AppDbContext, List<long>, IAsyncEnumerable<Reception>> ReceptionsToBill =
        EF.CompileAsyncQuery<AppDbContext, List<long>, Reception>((db, ids) => db.Set<Reception>().AsNoTracking().Include(r => r.Lines).Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id));

    /// <summary>The orders a new invoice is made from, with their lines, untracked, for a user who sees every supplier; compiled once.</summary>
    private static readonly Func<AppDbContext, List<long>, IAsyncEnumerable<PurchaseOrder>> OrdersToBill =
        EF.CompileAsyncQuery((AppDbContext db, List<long> ids) => db.Set<PurchaseOrder>().AsNoTracking().Include(o => o.Lines).Where(o => ids.Contains(o.Id)));

    /// <summary>
    /// The orders an invoice bills, with their lines, tracked (the validation bills them), and under each order line the
    /// reception lines among those given (the validation bills them too): one query, rows per order line and reception
    /// line of it; compiled once. Single query on purpose (one round trip; the rows are the order lines and their few
    /// reception lines, no cross product), said so that EF does not warn about two nested collections.
    /// </summary>
    private static readonly Func<AppDbContext, List<long>, List<long>, IAsyncEnumerable<OrderToBill>> OrdersWithLinesAndReceived =
        EF.CompileAsyncQuery((AppDbContext db, List<long> ids, List<long> receptionLineIds) => db.Set<PurchaseOrder>().AsSingleQuery().Where(o => ids.Contains(o.Id))
            .Select(o => new OrderToBill(o, o.Lines.Select(l => new OrderLineToBill(l, db.Set<ReceptionLine>().Where(r => r.OrderLineId == l.Id && receptionLineIds.Contains(r.Id)).ToList())).ToList())));

    private sealed record OrderToBill(PurchaseOrder Order, List<OrderLineToBill> Lines);

    private sealed record OrderLineToBill(PurchaseOrderLine Line, List<ReceptionLine> Received);

    /// <summary>The reception lines an invoice bills, tracked (the validation bills them); compiled once.</summary>
    private static readonly Func<AppDbContext, List<long>, IAsyncEnumerable<ReceptionLine>> ReceptionLinesById =
        EF.CompileAsyncQuery((AppDbContext db, List<long> ids) => db.Set<ReceptionLine>().Where(l => ids.Contains(l.Id)));

    /// <summary>An invoice and its lines for a user who sees every supplier (and work outside a request), compiled once: every action on an invoice starts with it.</summary>
    private static readonly Func<AppDbContext, long, CancellationToken, Task<SupplierInvoice?>> InvoiceWithLines =
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) => db.Set<SupplierInvoice>().Include(i => i.Lines).SingleOrDefault(i => i.Id == id));

    public async Task<long> CreateAsync(SupplierInvoiceForm form, CancellationToken cancellationToken = default)
    {
        // A caller's transaction (the API claims its Idempotency-Key row in it) takes this work with its own.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var supplier = await checks.SupplierAsync(form.SupplierId ?? 0, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        await EnsureUniqueNumberAsync(supplier, form.SupplierInvoiceNumber ?? "", cancellationToken);
        var (term, method) = await checks.TermsAsync(supplier, null, null, useDefaults: true, cancellationToken);
        var due = form.DueDate ?? (term is { } t ? (await db.Set<PaymentTerm>().AsNoTracking().SingleAsync(x => x.Id == t, cancellationToken)).DueDate(date) : date);
        var invoice = SupplierInvoice.Create(supplier.Id, form.SupplierInvoiceNumber ?? "", date, due, currentUser.UserId, clock.GetUtcNow());
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (term, method);

        var visible = await visibility.ThirdPartyIdsAsync();
        var receptions = new List<Reception>();
        if (visible is null)
        {
            await foreach (var reception in ReceptionsToBill(db, form.ReceptionIds).WithCancellation(cancellationToken))
            {
                receptions.Add(reception);
            }
        }
        else
        {
            receptions = await db.Set<Reception>().AsNoTracking().Include(r => r.Lines).Where(r => form.ReceptionIds.Contains(r.Id))
                .WhereThirdPartyVisible(visible, r => r.SupplierId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        }
        if (receptions.Count != form.ReceptionIds.Distinct().Count())
        {
            throw new NotFoundException("A reception chosen");
        }

        var orderIds = form.OrderIds.Concat(receptions.Select(r => r.PurchaseOrderId)).Distinct().ToList();
        var orders = new Dictionary<long, PurchaseOrder>();
        if (visible is null)
        {
            await foreach (var order in OrdersToBill(db, orderIds).WithCancellation(cancellationToken))
            {
                orders.Add(order.Id, order);
            }
        }
        else
        {
            orders = await db.Set<PurchaseOrder>().AsNoTracking().Include(o => o.Lines).Where(o => orderIds.Contains(o.Id))
                .WhereThirdPartyVisible(visible, o => o.SupplierId).ToDictionaryAsync(o => o.Id, cancellationToken);
        }
        if (orders.Count != orderIds.Count)
        {
            throw new NotFoundException("A purchase order chosen");
        }

        foreach (var order in orders.Values.OrderBy(o => o.Id))
        {
            EnsureBillable(order, supplier);
        }

        var fromReceptions = new Dictionary<long, decimal>();
        foreach (var reception in receptions)
        {
            if (reception.SupplierId != supplier.Id)
            {
                throw new DomainException($"{reception.Reference} is a reception from another supplier: an invoice bills one supplier's documents.");
            }

            if (!reception.IsEffective)
            {
                throw new DomainException($"{reception.Reference} is {Reception.Label(reception.Status).ToLowerInvariant()}: only a validated reception can be billed.");
            }

            var order = orders[reception.PurchaseOrderId];
            foreach (var line in reception.Lines.OrderBy(l => l.Position).Where(l => l.LeftToBill > 0m))
            {
                var orderLine = order.Line(line.OrderLineId);
                invoice.AddLine(orderLine.Content with { Quantity = line.LeftToBill }, !orderLine.GoesToStock, new BilledSource(order.Id, orderLine.Id, reception.Id, line.Id));
                fromReceptions[orderLine.Id] = fromReceptions.GetValueOrDefault(orderLine.Id) + line.LeftToBill;
            }
        }

        foreach (var order in form.OrderIds.Distinct().Select(id => orders[id]))
        {
            foreach (var line in order.OrderedLines.Where(l => l.IsPriced))
            {
                var left = line.LeftToBill - fromReceptions.GetValueOrDefault(line.Id);
                if (left > 0m)
                {
                    invoice.AddLine(line.Content with { Quantity = left }, !line.GoesToStock, new BilledSource(order.Id, line.Id, null, null));
                }
            }
        }

        if ((form.OrderIds.Count > 0 || receptions.Count > 0) && !invoice.Lines.Any())
        {
            throw new DomainException("Nothing is left to bill on the documents chosen.");
        }

        db.Add(invoice);
        var record = new RecordRef(PurchasingRecordTypes.SupplierInvoice, invoice.Id);
        foreach (var order in orders.Values)
        {
            await links.LinkAsync(new RecordRef(PurchasingRecordTypes.Order, order.Id), record, LinkKinds.Converted, cancellationToken);
        }

        foreach (var reception in receptions)
        {
            await links.LinkAsync(new RecordRef(PurchasingRecordTypes.Reception, reception.Id), record, LinkKinds.Converted, cancellationToken);
        }

        if (orders.Count == 1)
        {
            await notes.CopyPublicAsync(new RecordRef(PurchasingRecordTypes.Order, orders.Keys.Single()), record, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return invoice.Id;
    }

    public async Task<long> AddLineAsync(long id, LineForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var line = await checks.LineAsync(invoice.SupplierId, form, cancellationToken);
        var added = invoice.AddLine(line.Content, line.IsService, null);
        await db.SaveChangesAsync(cancellationToken);
        return added.Id;
    }

    public async Task ChangeLineAsync(long id, long lineId, LineForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        invoice.Line(lineId);
        var line = await checks.LineAsync(invoice.SupplierId, form, cancellationToken);
        invoice.ChangeLine(lineId, line.Content);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        invoice.RemoveLine(lineId);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MoveLineAsync(long id, long lineId, int delta, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        invoice.MoveLine(lineId, delta);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Validates: the supplier's number still unique, the order lines billed (never past what is left to bill), the
    /// reception lines billed, the orders' billed flag set once every line is, the number taken, the AC entry posted
    /// (Accounting's handler) — all in one transaction. Returns the quantities billed beyond what was received.
    /// </summary>
    public async Task<SupplierInvoiceValidation> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        if (!invoice.IsDraft)
        {
            throw new DomainException($"{invoice.Reference} is already validated.");
        }

        var supplier = await checks.SupplierAsync(invoice.SupplierId, cancellationToken);

        // The supplier's number needs no second look here: it was checked when the draft was made (the only place it is
        // set, trimmed and never empty), and the unique index on (supplier, supplier's number) keeps any other row of
        // the pair out of the table, drafts included — a query for one could only come back empty.
        await checks.EnsureDateOpenAsync(invoice.Date, cancellationToken);
        var warnings = new List<string>();
        var orderIds = invoice.Lines.Where(l => l.OrderId != null).Select(l => l.OrderId!.Value).Distinct().ToList();
        var receptionLineIds = invoice.Lines.Where(l => l.ReceptionLineId != null).Select(l => l.ReceptionLineId!.Value).ToList();
        var orders = new Dictionary<long, PurchaseOrder>();
        var receptionLines = new Dictionary<long, ReceptionLine>();
        await foreach (var order in OrdersWithLinesAndReceived(db, orderIds, receptionLineIds).WithCancellation(cancellationToken))
        {
            orders.Add(order.Order.Id, order.Order);
            foreach (var line in order.Lines.SelectMany(l => l.Received))
            {
                receptionLines.TryAdd(line.Id, line);
            }
        }

        // A reception line comes with its order line; one billed without its order (none made so) is read apart.
        var missing = receptionLineIds.Where(rl => !receptionLines.ContainsKey(rl)).ToList();
        if (missing.Count > 0)
        {
            await foreach (var line in ReceptionLinesById(db, missing).WithCancellation(cancellationToken))
            {
                receptionLines.Add(line.Id, line);
            }
        }

        if (invoice.Kind == SupplierInvoiceKind.CreditNote)
        {
            // A credit note takes back what its lines billed: the order lines (and reception lines) are left to bill again
            // and the orders' billed flag is recomputed.
            foreach (var line in invoice.OrderedLines.Where(l => l.OrderLineId != null))
            {
                orders[line.OrderId!.Value].Unbill(line.OrderLineId!.Value, line.Quantity);
                if (line.ReceptionLineId is { } rl)
                {
                    receptionLines[rl].Unbill(line.Quantity);
                }
            }
        }
        else
        {
            foreach (var line in invoice.OrderedLines.Where(l => l.OrderLineId != null))
            {
                var order = orders[line.OrderId!.Value];
                EnsureBillable(order, supplier);
                order.Bill(line.OrderLineId!.Value, line.Quantity);
                if (line.ReceptionLineId is { } rl)
                {
                    receptionLines[rl].Bill(line.Quantity);
                }

                var orderLine = order.Line(line.OrderLineId!.Value);
                if (orderLine.QuantityBilled > orderLine.QuantityReceived)
                {
                    warnings.Add($"{order.Reference} line {orderLine.Position} ({orderLine.Description}): {orderLine.QuantityBilled:0.#####} billed, only {orderLine.QuantityReceived:0.#####} received.");
                }
            }
        }

        var type = invoice.Kind == SupplierInvoiceKind.CreditNote ? NumberedDocumentTypes.SupplierCreditNote : NumberedDocumentTypes.SupplierInvoice;
        invoice.Validate(await numbering.NextAsync(type, invoice.Date, cancellationToken), currentUser.UserId, clock.GetUtcNow(), supplier.Name, supplier.SupplierCode, orderIds);
        audit.Name(invoice, "validated");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new SupplierInvoiceValidation(invoice.Number!, warnings);
    }

    /// <summary>Unpaid, nothing paid → abandoned; the reversal of its AC entry (Accounting's handler) goes in the same transaction.</summary>
    public async Task AbandonAsync(long id, SupplierInvoiceAbandonForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        var supplier = await checks.SupplierAsync(invoice.SupplierId, cancellationToken);
        var today = Today();
        if ((form.Note?.Trim().Length ?? 0) > 1000)
        {
            throw new DomainException("The note is too long (1000 characters at most).");
        }

        invoice.Abandon(form.Reason ?? throw new DomainException("Choose why the supplier invoice is abandoned."), form.Note, today, clock.GetUtcNow(),
            supplier.Name, supplier.SupplierCode);
        await checks.EnsureDateOpenAsync(today, cancellationToken);
        audit.Name(invoice, "abandoned");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Uses what is left of a validated credit note of the same supplier on an unpaid invoice, up to what the invoice
    /// still owes (the sales side's "credit note used", through the same kernel): both settle by the same amount, the
    /// invoice is paid once covered, the two are linked, and Accounting letters them (nothing is posted: 401 of one
    /// supplier on both sides). Returns the amount used.
    /// </summary>
    public async Task<decimal> UseCreditAsync(long id, long creditNoteId, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        var credit = await GetAsync(creditNoteId, cancellationToken);
        var today = Today();
        await checks.EnsureDateOpenAsync(today, cancellationToken);
        var use = SupplierInvoiceCreditUse.Use(invoice, credit, today, clock.GetUtcNow());
        db.Add(use);
        await links.LinkAsync(new RecordRef(PurchasingRecordTypes.SupplierInvoice, credit.Id), new RecordRef(PurchasingRecordTypes.SupplierInvoice, invoice.Id),
            LinkKinds.Pays, cancellationToken);
        audit.Name(invoice, $"credit {credit.Number} used");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return use.Amount;
    }

    /// <summary>A draft credit note of a validated invoice: its lines copied, the supplier's credit note number required.</summary>
    public async Task<long> CreateCreditNoteAsync(long invoiceId, string? supplierCreditNoteNumber, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(invoiceId, cancellationToken);
        if (invoice.Kind != SupplierInvoiceKind.Invoice || invoice.IsDraft)
        {
            throw new DomainException($"Only a validated supplier invoice can be credited; {invoice.Reference} is not one.");
        }

        var supplier = await checks.SupplierAsync(invoice.SupplierId, cancellationToken);
        await EnsureUniqueNumberAsync(supplier, supplierCreditNoteNumber ?? "", cancellationToken);
        var credit = SupplierInvoice.Create(invoice.SupplierId, supplierCreditNoteNumber ?? "", Today(), null, currentUser.UserId, clock.GetUtcNow(),
            SupplierInvoiceKind.CreditNote, invoice.Id);
        foreach (var line in invoice.OrderedLines)
        {
            credit.AddLine(line.Content, line.IsService, line.BilledFrom());
        }

        db.Add(credit);
        await links.LinkAsync(new RecordRef(PurchasingRecordTypes.SupplierInvoice, invoice.Id), new RecordRef(PurchasingRecordTypes.SupplierInvoice, credit.Id),
            LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return credit.Id;
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        if (!invoice.IsDraft)
        {
            throw new DomainException($"{invoice.Reference} is numbered: it cannot be deleted (credit it instead).");
        }

        var record = new RecordRef(PurchasingRecordTypes.SupplierInvoice, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(invoice);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SupplierInvoice> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        var invoice = visible is null
            ? await InvoiceWithLines(db, id, cancellationToken)
            : await db.Set<SupplierInvoice>().Include(i => i.Lines).Where(i => i.Id == id).WhereThirdPartyVisible(visible, i => i.SupplierId)
                .SingleOrDefaultAsync(cancellationToken);
        return invoice ?? throw new NotFoundException("The supplier invoice");
    }


    private static void EnsureBillable(PurchaseOrder order, ThirdPartySummary supplier)
    {
        if (order.SupplierId != supplier.Id)
        {
            throw new DomainException($"{order.Reference} is an order to another supplier: an invoice bills one supplier's documents.");
        }

        if (!order.IsBillable)
        {
            throw new DomainException($"{order.Reference} is {PurchaseOrder.Label(order.Status).ToLowerInvariant()}: only an order sent to the supplier can be billed.");
        }
    }

    /// <summary>Before a new invoice or credit note is made: the supplier's number not recorded yet for that supplier, drafts included.</summary>
    private async Task EnsureUniqueNumberAsync(ThirdPartySummary supplier, string number, CancellationToken cancellationToken)
    {
        var wanted = number.Trim();
        if (wanted.Length == 0)
        {
            throw new DomainException("Enter the supplier's invoice number (printed on their invoice).");
        }

        var other = await RecordedNumber(db, supplier.Id, wanted, cancellationToken);
        if (other is not null)
        {
            throw new DomainException($"The invoice number {wanted} of {supplier.Name} is already recorded ({other.Number ?? $"(PROV{other.Id})"}): a supplier's invoice is recorded once.");
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

/// <summary>An invoice already recorded under a supplier's number: its id and (once validated) its number.</summary>
internal sealed record RecordedInvoice(long Id, string? Number);
