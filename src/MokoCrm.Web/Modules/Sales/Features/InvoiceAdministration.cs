using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Sales.Documents;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>
/// Customer invoices, credit notes and deposit invoices: created blank or from orders, a proposal or an invoice;
/// draft lines; validation (number, due date, postings through the events, all in one transaction); abandon;
/// deposits deducted and credit notes used on later invoices.
/// </summary>
public sealed class InvoiceAdministration(
    AppDbContext db,
    SalesChecks checks,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    ITagService tags,
    IOutbox outbox,
    IAuditActions audit,
    IProductLookup products,
    ICurrentUser currentUser,
    TimeProvider clock,
    FluentValidation.IValidator<DepositForm> depositValidator)
{
    public async Task<long> CreateAsync(InvoiceForm form, CancellationToken cancellationToken = default)
    {
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: true, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var invoice = Invoice.Create(form.Kind, party.Id, contacts, date, currentUser.UserId, clock.GetUtcNow());
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (term, method);
        db.Add(invoice);
        await SetNotesAsync(invoice.Id, form.PublicNote, form.PrivateNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return invoice.Id;
    }

    /// <summary>
    /// One invoice for one or more validated orders of one customer: each order line billed for the quantity asked
    /// (all that is left by default), never more; the order lines keep the invoiced quantity; one link per order.
    /// </summary>
    public async Task<long> CreateFromOrdersAsync(InvoiceFromOrdersForm form, CancellationToken cancellationToken = default)
    {
        var ids = form.OrderIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new DomainException("Choose at least one order to invoice.");
        }

        var visible = await visibility.ThirdPartyIdsAsync();
        // Each order with its lines, and whether a paid deposit invoice is linked from any of them: with none, the
        // deposits to deduct need no query of their own. That test names the orders' ids, not each row's order: a
        // subquery tied to the row let PostgreSQL walk every order-to-invoice link and every paid invoice (30 ms and
        // growing at 700 invoices), where this one reads the orders' links by index once (0.04 ms).
        var rows = await db.Set<SalesOrder>().Where(o => ids.Contains(o.Id)).WhereThirdPartyVisible(visible, o => o.ThirdPartyId)
            .OrderBy(o => o.Date).ThenBy(o => o.Id)
            .Select(o => new
            {
                Order = o,
                Lines = o.Lines.ToList(),
                AnyPaidDeposit = db.Set<RecordLink>().Any(l => l.SourceType == SalesRecordTypes.Order && ids.Contains(l.SourceId) && l.TargetType == BillingRecordTypes.Invoice
                    && db.Set<Invoice>().Any(i => i.Id == l.TargetId && i.Kind == InvoiceKind.Deposit && i.Status == InvoiceStatus.Paid)),
            })
            .ToListAsync(cancellationToken);
        var orders = rows.Select(r => r.Order).ToList();
        if (orders.Count != ids.Count)
        {
            throw new NotFoundException("An order");
        }

        if (orders.Select(o => o.ThirdPartyId).Distinct().Count() > 1)
        {
            throw new DomainException("One invoice bills the orders of one customer: the orders chosen belong to several customers.");
        }

        if (orders.FirstOrDefault(o => !o.IsOpenForBilling) is { } closed)
        {
            throw new DomainException($"{closed.Reference} is {SalesOrder.Label(closed.Status).ToLowerInvariant()}: only a validated order can be invoiced.");
        }

        var invoice = await DraftFromOrdersAsync(orders, form.Quantities, cancellationToken, anyPaidDeposit: rows.Any(r => r.AnyPaidDeposit));
        await db.SaveChangesAsync(cancellationToken);
        return invoice.Id;
    }

    /// <summary>
    /// The draft invoice of <paramref name="orders"/> (one customer's, open for billing, oldest first): per line the
    /// quantity given, else all that is left to bill, never more; one link per order; paid deposits deducted. Nothing
    /// is saved, so the automation "a delivered order creates a draft invoice" writes it in the delivery's transaction.
    /// </summary>
    /// <param name="anyPaidDeposit">False when the caller knows no paid deposit invoice is linked from the orders.</param>
    internal async Task<Invoice> DraftFromOrdersAsync(IReadOnlyList<SalesOrder> orders, IReadOnlyDictionary<long, decimal> quantities, CancellationToken cancellationToken,
        bool anyPaidDeposit = true)
    {
        var first = orders[0];
        var party = await checks.CustomerAsync(first.ThirdPartyId, cancellationToken);
        var invoice = Invoice.Create(InvoiceKind.Standard, party.Id, first.Contacts, Today(), currentUser.UserId, clock.GetUtcNow());
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (first.PaymentTermId, first.PaymentMethodId);
        db.Add(invoice);
        foreach (var order in orders)
        {
            if (orders.Count > 1)
            {
                invoice.AddLine(new LineContent(LineKind.Title, $"Order {order.Reference}"));
            }

            foreach (var line in order.OrderedLines.Where(l => l.IsPriced))
            {
                var quantity = quantities.TryGetValue(line.Id, out var q) ? q : line.LeftToBill;
                if (quantity == 0m)
                {
                    continue;
                }

                line.Invoice(quantity); // refuses a negative quantity or more than is left to bill
                invoice.AddOrderLine(line.Content with { Quantity = quantity }, order.Id, line.Id);
            }

            await links.LinkAsync(new RecordRef(SalesRecordTypes.Order, order.Id), new RecordRef(BillingRecordTypes.Invoice, invoice.Id), LinkKinds.Converted, cancellationToken);
            await notes.CopyPublicAsync(new RecordRef(SalesRecordTypes.Order, order.Id), new RecordRef(BillingRecordTypes.Invoice, invoice.Id), cancellationToken);
        }

        if (!invoice.Lines.Any(l => l.IsPriced))
        {
            throw new DomainException("Everything on the order has been invoiced already: nothing is left to bill.");
        }

        if (anyPaidDeposit)
        {
            await DeductPaidDepositsAsync(invoice, SalesRecordTypes.Order, orders.Select(o => o.Id).ToList(), cancellationToken);
        }

        return invoice;
    }

    /// <summary>"Create invoice" on a signed proposal (direct billing, no order): all its lines, linked both ways.</summary>
    public async Task<long> CreateFromProposalAsync(long proposalId, CancellationToken cancellationToken = default)
    {
        var proposal = await ProposalAsync(proposalId, cancellationToken);
        if (proposal.Status != ProposalStatus.Signed)
        {
            throw new DomainException($"{proposal.Reference} is {Proposal.Label(proposal.Status).ToLowerInvariant()}: only a signed proposal can be invoiced.");
        }

        await checks.CustomerAsync(proposal.ThirdPartyId, cancellationToken);
        var invoice = Invoice.Create(InvoiceKind.Standard, proposal.ThirdPartyId, proposal.Contacts, Today(), currentUser.UserId, clock.GetUtcNow());
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (proposal.PaymentTermId, proposal.PaymentMethodId);
        db.Add(invoice);
        foreach (var line in proposal.OrderedLines)
        {
            invoice.AddLine(line.Content);
        }

        var from = new RecordRef(SalesRecordTypes.Proposal, proposal.Id);
        var to = new RecordRef(BillingRecordTypes.Invoice, invoice.Id);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await DeductPaidDepositsAsync(invoice, from.Type, [from.Id], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return invoice.Id;
    }

    /// <summary>
    /// A deposit invoice of a proposal or order: per VAT rate of the source, the percentage of its tax base, or an
    /// amount excl. tax at the source's main rate.
    /// </summary>
    public async Task<long> CreateDepositAsync(string sourceType, long sourceId, DepositForm form, CancellationToken cancellationToken = default)
    {
        var (reference, party, contacts, term, method, totals) = sourceType == SalesRecordTypes.Proposal
            ? await ProposalAsync(sourceId, cancellationToken) is var p && p.Status is ProposalStatus.Signed or ProposalStatus.Validated
                ? (p.Reference, p.ThirdPartyId, p.Contacts, p.PaymentTermId, p.PaymentMethodId, p.Totals)
                : throw new DomainException($"{p.Reference}: a deposit is asked on a validated or signed proposal.")
            : await OrderAsync(sourceId, cancellationToken) is var o && o.IsOpenForBilling
                ? (o.Reference, o.ThirdPartyId, o.Contacts, o.PaymentTermId, o.PaymentMethodId, o.Totals)
                : throw new DomainException($"{o.Reference}: a deposit is asked on a validated order.");
        var check = new FluentValidation.ValidationContext<DepositForm>(form);
        check.RootContextData[DepositFormValidator.SourceTotalExclTax] = totals.TotalExclTax;
        await InvalidFormException.EnsureValidAsync(depositValidator, check, cancellationToken);

        await checks.CustomerAsync(party, cancellationToken);
        var invoice = Invoice.Create(InvoiceKind.Deposit, party, contacts, Today(), currentUser.UserId, clock.GetUtcNow());
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (term, method);
        db.Add(invoice);
        if (form.Percent is { } percent)
        {
            foreach (var rate in totals.VatByRate.Where(r => r.TaxBase != 0m))
            {
                invoice.AddLine(new LineContent(LineKind.Free, $"Deposit {percent:0.##} % of {reference}", 1m, Amounts.Round(rate.TaxBase * percent / 100m), 0m, rate.RatePercent));
            }
        }
        else
        {
            var main = totals.VatByRate.OrderByDescending(r => r.TaxBase).FirstOrDefault()?.RatePercent ?? 0m;
            invoice.AddLine(new LineContent(LineKind.Free, $"Deposit on {reference}", 1m, form.Amount!.Value, 0m, main));
        }

        await links.LinkAsync(new RecordRef(sourceType, sourceId), new RecordRef(BillingRecordTypes.Invoice, invoice.Id), LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return invoice.Id;
    }

    /// <summary>
    /// A credit note of a validated invoice: every line for what is left to credit, or the quantities chosen per
    /// line; never more than is left once the validated credit notes of the invoice are counted.
    /// </summary>
    public async Task<long> CreateCreditNoteAsync(long invoiceId, CreditNoteForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(invoiceId, cancellationToken);
        var note = Invoice.CreditNoteOf(invoice, Today(), currentUser.UserId, clock.GetUtcNow());
        var credited = await CreditedAsync(invoice.Id, note.Id, cancellationToken);
        foreach (var line in invoice.OrderedLines.Where(l => l.IsPriced))
        {
            var quantity = form.Quantities.Count == 0 ? line.Quantity - credited.GetValueOrDefault(line.Id).Quantity : form.Quantities.GetValueOrDefault(line.Id);
            if (quantity == 0m)
            {
                continue;
            }

            if (quantity < 0m)
            {
                throw new DomainException($"Line {line.Position}: the quantity to credit cannot be negative.");
            }

            note.AddCreditLine(line, quantity);
        }

        if (!note.Lines.Any())
        {
            throw new DomainException(form.Quantities.Count == 0
                ? $"{invoice.Reference} has been credited in full already: nothing is left to credit."
                : "Choose at least one line to credit.");
        }

        EnsureCreditLeft(note, invoice, credited, await CreditedTotalAsync(invoice.Id, note.Id, cancellationToken));
        db.Add(note);
        await links.LinkAsync(new RecordRef(BillingRecordTypes.Invoice, invoice.Id), new RecordRef(BillingRecordTypes.Invoice, note.Id), LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return note.Id;
    }

    public async Task UpdateAsync(long id, InvoiceForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        if (party.Id != invoice.ThirdPartyId && invoice.Lines.Any(l => l.OrderLineId is not null || l.DeductedDepositId is not null))
        {
            throw new DomainException($"{invoice.Reference} bills orders or deducts deposits of its customer: the customer cannot change.");
        }

        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: false, cancellationToken);
        var date = form.Date ?? invoice.Date;
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        invoice.SetParty(party.Id, contacts);
        invoice.SetDate(date);
        (invoice.PaymentTermId, invoice.PaymentMethodId) = (term, method);
        await SetNotesAsync(id, form.PublicNote, form.PrivateNote, cancellationToken, overwrite: true);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> AddLineAsync(long id, LineForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var line = invoice.AddLine(await checks.LineAsync(form, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return line.Id;
    }

    /// <summary>A line billed from an order keeps the order in step: its new quantity must fit what is left to bill.</summary>
    public async Task ChangeLineAsync(long id, long lineId, LineForm form, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var line = invoice.Line(lineId);
        if (line.DeductedDepositId is not null)
        {
            throw new DomainException("A deposit deduction is not edited: delete it instead.");
        }

        var content = invoice.Signed(await checks.LineAsync(form, cancellationToken));
        if (line.OrderLineId is { } orderLineId)
        {
            var orderLine = await db.Set<SalesOrderLine>().SingleAsync(l => l.Id == orderLineId, cancellationToken);
            var delta = content.Quantity - line.Quantity;
            if (content.Quantity > line.Quantity + orderLine.LeftToBill)
            {
                throw new DomainException(
                    $"Line {line.Position}: {content.Quantity:0.#####} cannot be billed, {line.Quantity + orderLine.LeftToBill:0.#####} is left to bill on the order.");
            }

            if (delta > 0m)
            {
                orderLine.Invoice(delta);
            }
            else if (delta < 0m)
            {
                orderLine.Uninvoice(-delta);
            }

            await RefreshBilledAsync([line.OrderId!.Value], cancellationToken);
        }

        invoice.ChangeLine(lineId, content);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var line = invoice.Line(lineId);
        invoice.RemoveLine(line);
        await ReleaseAsync([line], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task MoveLineAsync(long id, long lineId, int delta, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        invoice.MoveLine(lineId, delta);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Number (IN/CN/DP per kind, counted in the fiscal year of the date), due date from the terms, frozen totals and
    /// the <see cref="InvoiceValidated"/> event whose handlers post the entry: one transaction, so a posting that
    /// fails leaves the invoice a draft and takes no number.
    /// </summary>
    public Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default) => ValidateAsync(id, null, cancellationToken);

    /// <param name="warehouseId">Where the goods leave from when the stock settings take them out on invoice validation (null: the default warehouse).</param>
    public async Task<string> ValidateAsync(long id, long? warehouseId, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        if (invoice.Status != InvoiceStatus.Draft)
        {
            throw new DomainException($"{invoice.Reference} is already validated.");
        }

        invoice.EnsureValidatable();
        await checks.EnsureDateOpenAsync(invoice.Date, cancellationToken);
        if (invoice.CreditedInvoiceId is { } creditedId)
        {
            await EnsureCreditLeftOnValidationAsync(invoice, creditedId, cancellationToken);
        }

        var deposits = invoice.Lines.Where(l => l.DeductedDepositId is not null).Select(l => l.DeductedDepositId!.Value).Distinct().ToList();
        if (deposits.Count > 0 && await db.Set<InvoiceLine>().AnyAsync(
                l => deposits.Contains(l.DeductedDepositId!.Value) && l.DocumentId != id
                     && db.Set<Invoice>().Any(i => i.Id == l.DocumentId && i.Status != InvoiceStatus.Draft && i.Status != InvoiceStatus.Abandoned), cancellationToken))
        {
            throw new DomainException("A deposit on this invoice has already been deducted on another validated invoice.");
        }

        var due = invoice.PaymentTermId is { } t && await db.Set<PaymentTerm>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == t, cancellationToken) is { } term
            ? term.DueDate(invoice.Date)
            : invoice.Date;
        var productIds = invoice.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var services = productIds.Count == 0 ? new HashSet<long>()
            : (await products.FindManyAsync(productIds, cancellationToken)).Where(p => p.Type == ProductType.Service).Select(p => p.Id).ToHashSet();
        var orderIds = invoice.Lines.Where(l => l.OrderId is not null).Select(l => l.OrderId!.Value).Distinct().ToList();
        var record = new RecordRef(BillingRecordTypes.Invoice, id);
        // The orders and proposals upstream (linked, or billed by a line), with each linked order's proposal: one query.
        var upstream = await db.Set<RecordLink>().AsNoTracking()
            .Where(l => l.TargetType == record.Type && l.TargetId == id && (l.SourceType == SalesRecordTypes.Order || l.SourceType == SalesRecordTypes.Proposal))
            .Select(l => new
            {
                l.SourceType,
                l.SourceId,
                OrderProposalId = l.SourceType == SalesRecordTypes.Order
                    ? db.Set<SalesOrder>().Where(o => o.Id == l.SourceId).Select(o => o.ProposalId).FirstOrDefault()
                    : null,
            })
            .ToListAsync(cancellationToken);
        var linkedOrders = upstream.Where(u => u.SourceType == SalesRecordTypes.Order).ToList();
        var unlinked = orderIds.Where(o => linkedOrders.All(u => u.SourceId != o)).ToList();
        orderIds = orderIds.Union(linkedOrders.Select(u => u.SourceId)).ToList();
        var proposalIds = upstream.Where(u => u.SourceType == SalesRecordTypes.Proposal).Select(u => u.SourceId)
            .Union(linkedOrders.Where(u => u.OrderProposalId is not null).Select(u => u.OrderProposalId!.Value))
            .Union(unlinked.Count == 0 ? [] // an order billed by a line but no longer linked: its proposal is read apart
                : await db.Set<SalesOrder>().AsNoTracking().Where(o => unlinked.Contains(o.Id) && o.ProposalId != null).Select(o => o.ProposalId!.Value).ToListAsync(cancellationToken))
            .Distinct().ToList();
        var type = invoice.Kind switch
        {
            InvoiceKind.CreditNote => NumberedDocumentTypes.CreditNote,
            InvoiceKind.Deposit => NumberedDocumentTypes.DepositInvoice,
            _ => NumberedDocumentTypes.Invoice,
        };
        invoice.Validate(await numbering.NextAsync(type, invoice.Date, cancellationToken), due, currentUser.UserId, clock.GetUtcNow(), services, orderIds, proposalIds, warehouseId);
        audit.Name(invoice, "validated");
        outbox.Enqueue(new GenerateInvoicePdf(invoice.Id));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return invoice.Number!;
    }

    /// <summary>Unpaid → abandoned; its bad-debt posting goes in the same transaction.</summary>
    public async Task AbandonAsync(long id, AbandonForm form, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        var today = Today();
        invoice.Abandon(form.Reason ?? throw new DomainException("Choose why the invoice is abandoned."), form.Note, today, clock.GetUtcNow());
        audit.Name(invoice, "abandoned");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Deducts a paid deposit invoice of the customer on a draft standard invoice (one negative line per deposit line).</summary>
    public async Task DeductDepositAsync(long id, long depositId, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        var deposit = await db.Set<Invoice>().Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == depositId && i.ThirdPartyId == invoice.ThirdPartyId, cancellationToken)
            ?? throw new NotFoundException("The deposit invoice");
        if (await db.Set<InvoiceLine>().AnyAsync(l => l.DeductedDepositId == depositId
                && db.Set<Invoice>().Any(i => i.Id == l.DocumentId && i.Status != InvoiceStatus.Abandoned), cancellationToken)
            || invoice.Lines.Any(l => l.DeductedDepositId == depositId))
        {
            throw new DomainException($"{deposit.Reference} has already been deducted.");
        }

        foreach (var line in deposit.OrderedLines.Where(l => l.IsPriced))
        {
            invoice.AddDepositDeduction(deposit, line);
        }

        await links.LinkAsync(new RecordRef(BillingRecordTypes.Invoice, depositId), new RecordRef(BillingRecordTypes.Invoice, id), LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Uses what is left of a validated credit note of the same customer on an unpaid invoice: up to what the
    /// invoice still owes. Both settle by the same amount; nothing is posted (411 of one customer on both sides).
    /// </summary>
    public async Task<decimal> UseCreditAsync(long id, long creditNoteId, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var invoice = await GetAsync(id, cancellationToken);
        var credit = await db.Set<Invoice>().SingleOrDefaultAsync(i => i.Id == creditNoteId && i.ThirdPartyId == invoice.ThirdPartyId && i.Kind == InvoiceKind.CreditNote, cancellationToken)
            ?? throw new NotFoundException("The credit note");
        if (!credit.IsOpen)
        {
            throw new DomainException($"{credit.Reference} has no credit left.");
        }

        var amount = PaymentAllocator.UseCredit(invoice.AsPayable(), credit.AsPayable()).Amount;
        db.Add(InvoiceCreditUse.Use(invoice, credit, amount, Today(), clock.GetUtcNow()));
        await links.LinkAsync(new RecordRef(BillingRecordTypes.Invoice, credit.Id), new RecordRef(BillingRecordTypes.Invoice, invoice.Id), LinkKinds.Pays, cancellationToken);
        audit.Name(invoice, $"credit {credit.Number} used");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return amount;
    }

    /// <summary>A draft only: its order quantities are given back, its links, tags and notes go with it.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var invoice = await GetAsync(id, cancellationToken);
        if (!invoice.CanBeDeleted)
        {
            throw new DomainException($"{invoice.Reference} is numbered: it cannot be deleted; make a credit note or abandon it.");
        }

        await ReleaseAsync(invoice.Lines.ToList(), cancellationToken);
        var record = new RecordRef(BillingRecordTypes.Invoice, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await tags.UnassignAllAsync(BillingRecordTypes.Invoice, id, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(invoice);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Invoice> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<Invoice>().Include(i => i.Lines).Where(i => i.Id == id).WhereThirdPartyVisible(visible, i => i.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The invoice");
    }

    /// <summary>
    /// Two credit notes of one invoice validated at the same time queue on the invoice's row, so the second one counts
    /// the first and is refused when together they would credit more than was invoiced (its stock would come back twice).
    /// </summary>
    private async Task EnsureCreditLeftOnValidationAsync(Invoice note, long invoiceId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM sales.invoices WHERE id = {invoiceId} FOR UPDATE", cancellationToken);
        var invoice = await db.Set<Invoice>().Include(i => i.Lines).SingleAsync(i => i.Id == invoiceId, cancellationToken);
        EnsureCreditLeft(note, invoice, await CreditedAsync(invoiceId, note.Id, cancellationToken), await CreditedTotalAsync(invoiceId, note.Id, cancellationToken));
    }

    /// <summary>
    /// Per line of the invoice, the quantity and the amount excl. tax (positive) that its validated credit notes
    /// other than <paramref name="noteId"/> credit. Drafts reserve nothing: they are counted when validated.
    /// </summary>
    private async Task<Dictionary<long, (decimal Quantity, decimal Amount)>> CreditedAsync(long invoiceId, long noteId, CancellationToken cancellationToken) =>
        (await db.Set<InvoiceLine>().AsNoTracking()
            .Where(l => l.CreditedLineId != null && ValidatedCreditNotes(invoiceId, noteId).Any(n => n.Id == l.DocumentId))
            .GroupBy(l => l.CreditedLineId!.Value)
            .Select(g => new { g.Key, Quantity = g.Sum(l => l.Quantity), Amount = -g.Sum(l => l.TotalExclTax) })
            .ToListAsync(cancellationToken))
        .ToDictionary(x => x.Key, x => (x.Quantity, x.Amount));

    /// <summary>What the validated credit notes of the invoice other than <paramref name="noteId"/> credit incl. tax (positive).</summary>
    private async Task<decimal> CreditedTotalAsync(long invoiceId, long noteId, CancellationToken cancellationToken) =>
        -await ValidatedCreditNotes(invoiceId, noteId).SumAsync(n => n.TotalInclTax, cancellationToken);

    private IQueryable<Invoice> ValidatedCreditNotes(long invoiceId, long noteId) =>
        db.Set<Invoice>().Where(n => n.CreditedInvoiceId == invoiceId && n.Kind == InvoiceKind.CreditNote && n.Id != noteId && n.Status != InvoiceStatus.Draft);

    /// <summary>
    /// The credit notes of an invoice credit at most what it billed: per line, in quantity and in amount excl. tax;
    /// and in total incl. tax (lines typed on the note included). The message names the line and what is left.
    /// </summary>
    private static void EnsureCreditLeft(Invoice note, Invoice invoice, IReadOnlyDictionary<long, (decimal Quantity, decimal Amount)> credited, decimal creditedTotal)
    {
        foreach (var group in note.Lines.Where(l => l.CreditedLineId is not null).GroupBy(l => l.CreditedLineId!.Value))
        {
            var line = invoice.Lines.Single(l => l.Id == group.Key);
            var (doneQuantity, doneAmount) = credited.GetValueOrDefault(line.Id);
            var (quantityLeft, amountLeft) = (line.Quantity - doneQuantity, line.TotalExclTax - doneAmount);
            var (quantity, amount) = (group.Sum(l => l.Quantity), -group.Sum(l => l.TotalExclTax));
            if (quantity > quantityLeft || amount > amountLeft)
            {
                throw new DomainException(
                    $"Line {line.Position} of {invoice.Reference} ({line.Description}): {quantity:0.#####} for {PaymentAllocator.Money(amount)} excl. tax cannot be credited; "
                    + (quantityLeft <= 0m ? "it has been credited in full already." : $"{quantityLeft:0.#####} for {PaymentAllocator.Money(amountLeft)} excl. tax is left to credit."));
            }
        }

        var totalLeft = invoice.TotalInclTax - creditedTotal;
        if (-note.TotalInclTax > totalLeft)
        {
            throw new DomainException(
                $"{note.Reference} credits {PaymentAllocator.Money(-note.TotalInclTax)}: the credit notes of {invoice.Reference} cannot credit more than it billed; {PaymentAllocator.Money(totalLeft)} incl. tax is left to credit.");
        }
    }

    /// <summary>Paid deposits on the same proposal or order are deducted on the final invoice at once (DOMAIN.md §3).</summary>
    /// <param name="sourceType">The type of the documents billed (orders, or a proposal).</param>
    private async Task DeductPaidDepositsAsync(Invoice invoice, string sourceType, IReadOnlyList<long> sourceIds, CancellationToken cancellationToken)
    {
        // One query: the paid deposits linked from the sources and not yet deducted on a live invoice.
        var deposits = await db.Set<Invoice>().Include(i => i.Lines)
            .Where(i => i.Kind == InvoiceKind.Deposit && i.Status == InvoiceStatus.Paid
                        && db.Set<RecordLink>().Any(l => l.SourceType == sourceType && sourceIds.Contains(l.SourceId) && l.TargetType == BillingRecordTypes.Invoice && l.TargetId == i.Id)
                        && !db.Set<InvoiceLine>().Any(l => l.DeductedDepositId == i.Id && db.Set<Invoice>().Any(x => x.Id == l.DocumentId && x.Status != InvoiceStatus.Abandoned)))
            .OrderBy(i => i.Id).ToListAsync(cancellationToken);
        foreach (var deposit in deposits)
        {
            foreach (var line in deposit.OrderedLines.Where(l => l.IsPriced))
            {
                invoice.AddDepositDeduction(deposit, line);
            }

            await links.LinkAsync(new RecordRef(BillingRecordTypes.Invoice, deposit.Id), new RecordRef(BillingRecordTypes.Invoice, invoice.Id), LinkKinds.Converted, cancellationToken);
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<InvoiceLine> lines, CancellationToken cancellationToken)
    {
        var fromOrders = lines.Where(l => l.OrderLineId is not null).ToList();
        if (fromOrders.Count == 0)
        {
            return;
        }

        var ids = fromOrders.Select(l => l.OrderLineId!.Value).ToList();
        var orderLines = await db.Set<SalesOrderLine>().Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
        foreach (var line in fromOrders)
        {
            orderLines.Single(o => o.Id == line.OrderLineId).Uninvoice(line.Quantity);
        }

        await RefreshBilledAsync(fromOrders.Select(l => l.OrderId!.Value).Distinct().ToList(), cancellationToken);
    }

    private async Task RefreshBilledAsync(IReadOnlyList<long> orderIds, CancellationToken cancellationToken)
    {
        // Billed is set when an invoice is validated (EventHandlers); a quantity given back to bill clears it.
        foreach (var order in await db.Set<SalesOrder>().Include(o => o.Lines).Where(o => orderIds.Contains(o.Id) && o.Billed).ToListAsync(cancellationToken))
        {
            order.SetBilled(order.IsFullyInvoiced);
        }
    }

    private async Task<Proposal> ProposalAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<Proposal>().Include(p => p.Lines).Where(p => p.Id == id).WhereThirdPartyVisible(visible, p => p.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The proposal");
    }

    private async Task<SalesOrder> OrderAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<SalesOrder>().Include(o => o.Lines).Where(o => o.Id == id).WhereThirdPartyVisible(visible, o => o.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The order");
    }

    private async Task SetNotesAsync(long id, string? publicNote, string? privateNote, CancellationToken cancellationToken, bool overwrite = false)
    {
        var record = new RecordRef(BillingRecordTypes.Invoice, id);
        if (overwrite || !string.IsNullOrWhiteSpace(publicNote))
        {
            await notes.SetAsync(record, NoteKind.Public, publicNote, cancellationToken);
        }

        if (overwrite || !string.IsNullOrWhiteSpace(privateNote))
        {
            await notes.SetAsync(record, NoteKind.Private, privateNote, cancellationToken);
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
