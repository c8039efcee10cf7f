using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
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
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Modules.Sales.Features;

/// <summary>Sales orders: from a signed proposal or from scratch, draft lines, validation, cancellation. One transaction per action.</summary>
public sealed class OrderAdministration(
    AppDbContext db,
    SalesChecks checks,
    ProposalAdministration proposals,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    ITagService tags,
    IOutbox outbox,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    public async Task<long> CreateAsync(OrderForm form, CancellationToken cancellationToken = default)
    {
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: true, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var order = SalesOrder.Create(party.Id, contacts, date, currentUser.UserId, clock.GetUtcNow());
        (order.PaymentTermId, order.PaymentMethodId, order.DeliveryDate, order.CustomerReference) = (term, method, form.DeliveryDate, Clean(form.CustomerReference));
        db.Add(order);
        var record = new RecordRef(SalesRecordTypes.Order, order.Id);
        if (!string.IsNullOrWhiteSpace(form.PublicNote))
        {
            await notes.SetAsync(record, NoteKind.Public, form.PublicNote, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(form.PrivateNote))
        {
            await notes.SetAsync(record, NoteKind.Private, form.PrivateNote, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return order.Id;
    }

    /// <summary>
    /// "Create order" on a signed proposal (DOMAIN.md §0): copies the lines, third party, contacts, terms and public
    /// note and writes the link proposal → order, all in one transaction.
    /// </summary>
    public async Task<long> CreateFromProposalAsync(long proposalId, CancellationToken cancellationToken = default)
    {
        var proposal = await proposals.GetAsync(proposalId, cancellationToken);
        proposal.EnsureConvertible();
        await checks.CustomerAsync(proposal.ThirdPartyId, cancellationToken); // a closed third party takes no new order
        var order = SalesOrder.FromProposal(proposal, Today(), currentUser.UserId, clock.GetUtcNow());
        db.Add(order);
        var from = new RecordRef(SalesRecordTypes.Proposal, proposal.Id);
        var to = new RecordRef(SalesRecordTypes.Order, order.Id);
        await notes.CopyPublicAsync(from, to, cancellationToken);
        await links.LinkAsync(from, to, LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return order.Id;
    }

    public async Task UpdateAsync(long id, OrderForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: false, cancellationToken);
        var date = form.Date ?? order.Date;
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        order.SetParty(party.Id, contacts);
        order.SetDate(date);
        (order.PaymentTermId, order.PaymentMethodId, order.DeliveryDate, order.CustomerReference) = (term, method, form.DeliveryDate, Clean(form.CustomerReference));
        var record = new RecordRef(SalesRecordTypes.Order, id);
        await notes.SetAsync(record, NoteKind.Public, form.PublicNote, cancellationToken);
        await notes.SetAsync(record, NoteKind.Private, form.PrivateNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> AddLineAsync(long id, LineForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        var line = order.AddLine(await checks.LineAsync(form, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return line.Id;
    }

    public async Task ChangeLineAsync(long id, long lineId, LineForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        order.Line(lineId);
        order.ChangeLine(lineId, await checks.LineAsync(form, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.RemoveLine(lineId), null, cancellationToken);

    public Task MoveLineAsync(long id, long lineId, int delta, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.MoveLine(lineId, delta), null, cancellationToken);

    public Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default) => ValidateAsync(id, null, cancellationToken);

    /// <param name="warehouseId">Where the goods leave from when the stock settings take them out on order validation (null: the default warehouse).</param>
    public async Task<string> ValidateAsync(long id, long? warehouseId, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await GetAsync(id, cancellationToken);
        if (order.Status != SalesOrderStatus.Draft)
        {
            throw new DomainException($"{order.Reference} is already validated.");
        }

        if (!order.Lines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{order.Reference} has no lines: add at least one product or free-text line before validating.");
        }

        await checks.EnsureDateOpenAsync(order.Date, cancellationToken);
        order.Validate(await numbering.NextAsync(NumberedDocumentTypes.SalesOrder, order.Date, cancellationToken), currentUser.UserId, clock.GetUtcNow(), warehouseId);
        audit.Name(order, "validated");
        outbox.Enqueue(new GenerateSalesPdf(SalesRecordTypes.Order, order.Id));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order.Number!;
    }

    public Task CancelAsync(long id, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.Cancel(clock.GetUtcNow()), "cancelled", cancellationToken);

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        if (!order.CanBeDeleted)
        {
            throw new DomainException($"{order.Reference} is numbered: cancel it instead, it cannot be deleted.");
        }

        var record = new RecordRef(SalesRecordTypes.Order, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await tags.UnassignAllAsync(SalesRecordTypes.Order, id, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(order);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SalesOrder> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<SalesOrder>().Include(o => o.Lines).Where(o => o.Id == id).WhereThirdPartyVisible(visible, o => o.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The order");
    }

    private async Task ActAsync(long id, Action<SalesOrder> action, string? auditAction, CancellationToken cancellationToken)
    {
        var order = await GetAsync(id, cancellationToken);
        action(order);
        if (auditAction is not null)
        {
            audit.Name(order, auditAction);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
