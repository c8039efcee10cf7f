using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Documents;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Outbox;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Modules.Purchasing.Features;

/// <summary>Purchase orders: drafts and their lines, validation, approval (one or two approvers), refusal, sending, cancellation. One transaction per action.</summary>
public sealed class PurchaseOrderAdministration(
    AppDbContext db,
    PurchasingChecks checks,
    CurrentCrmVisibility visibility,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    ITagService tags,
    IOutbox outbox,
    IAuditActions audit,
    ICurrentUser currentUser,
    CurrentUserPermissions rights,
    TimeProvider clock)
{
    /// <summary>
    /// An order and its lines for a user who sees every supplier (and work outside a request), compiled once: each step
    /// of an order (line, validation, approval, sending, reception) starts with it, and EF otherwise rebuilds and
    /// hashes the query's expression on every call to find its cached plan. Other users keep the filtered query of GetAsync.
    /// </summary>
    private static readonly Func<AppDbContext, long, CancellationToken, Task<PurchaseOrder?>> OrderWithLines =
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) => db.Set<PurchaseOrder>().Include(o => o.Lines).SingleOrDefault(o => o.Id == id));

    public async Task<long> CreateAsync(PurchaseOrderForm form, CancellationToken cancellationToken = default)
    {
        var supplier = await checks.SupplierAsync(form.SupplierId ?? 0, cancellationToken);
        await checks.EnsureContactAsync(supplier, form.ContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(supplier, form.PaymentTermId, form.PaymentMethodId, useDefaults: true, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var order = PurchaseOrder.Create(supplier.Id, form.ContactId, date, currentUser.UserId, clock.GetUtcNow());
        (order.PaymentTermId, order.PaymentMethodId, order.DeliveryDate, order.SupplierReference) = (term, method, form.DeliveryDate, Clean(form.SupplierReference));
        db.Add(order);
        var record = new RecordRef(PurchasingRecordTypes.Order, order.Id);
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

    public async Task UpdateAsync(long id, PurchaseOrderForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        var supplier = await checks.SupplierAsync(form.SupplierId ?? 0, cancellationToken);
        await checks.EnsureContactAsync(supplier, form.ContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(supplier, form.PaymentTermId, form.PaymentMethodId, useDefaults: false, cancellationToken);
        var date = form.Date ?? order.Date;
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        order.SetHeader(supplier.Id, form.ContactId, date);
        (order.PaymentTermId, order.PaymentMethodId, order.DeliveryDate, order.SupplierReference) = (term, method, form.DeliveryDate, Clean(form.SupplierReference));
        var record = new RecordRef(PurchasingRecordTypes.Order, id);
        await notes.SetAsync(record, NoteKind.Public, form.PublicNote, cancellationToken);
        await notes.SetAsync(record, NoteKind.Private, form.PrivateNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> AddLineAsync(long id, LineForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        var line = await checks.LineAsync(order.SupplierId, form, cancellationToken);
        var added = order.AddLine(line.Content, line.SupplierReference, line.IsService);
        await db.SaveChangesAsync(cancellationToken);
        return added.Id;
    }

    public async Task ChangeLineAsync(long id, long lineId, LineForm form, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        order.Line(lineId);
        var line = await checks.LineAsync(order.SupplierId, form, cancellationToken);
        order.ChangeLine(lineId, line.Content, line.SupplierReference, line.IsService);
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.RemoveLine(lineId), null, cancellationToken);

    public Task MoveLineAsync(long id, long lineId, int delta, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.MoveLine(lineId, delta), null, cancellationToken);

    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await GetAsync(id, cancellationToken);
        if (order.Status != PurchaseOrderStatus.Draft)
        {
            throw new DomainException($"{order.Reference} is already validated.");
        }

        if (!order.Lines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{order.Reference} has no lines: add at least one product or free-text line before validating.");
        }

        await checks.EnsureDateOpenAsync(order.Date, cancellationToken);
        order.Validate(await numbering.NextAsync(NumberedDocumentTypes.PurchaseOrder, order.Date, cancellationToken), currentUser.UserId, clock.GetUtcNow());
        audit.Name(order, "validated");
        outbox.Enqueue(new GeneratePurchasingPdf(PurchasingRecordTypes.Order, order.Id));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order.Number!;
    }

    /// <summary>
    /// Approves (right "approve"); an order above the settings' amount needs a second approval by another person
    /// holding "approve2". Returns true once approved, false while it waits for the second approver.
    /// </summary>
    public async Task<bool> ApproveAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await GetAsync(id, cancellationToken);
        var policy = await checks.PolicyAsync(cancellationToken);
        if (order.NeedsSecondApproval(policy) && order.FirstApprovedByUserId is not null && !await rights.HasAsync(PurchasingPermissions.Orders.ApproveSecond))
        {
            throw new DomainException($"{order.Reference} is above {policy.SecondApprovalAbove:N2} excl. tax and already has its first approval: the second approval needs the right \"Second approval\".");
        }

        var approved = order.Approve(currentUser.UserId, policy, clock.GetUtcNow());
        audit.Name(order, approved ? "approved" : "first approval");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return approved;
    }

    public Task RefuseAsync(long id, string? reason, CancellationToken cancellationToken = default) =>
        ActAsync(id, o => o.Refuse(currentUser.UserId, reason, clock.GetUtcNow()), "refused", cancellationToken);

    public async Task SendAsync(long id, SendOrderForm form, CancellationToken cancellationToken = default)
    {
        var date = form.OrderedOn ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        await ActAsync(id, o => o.MarkOrdered(date, form.Method ?? throw new DomainException("Choose how the order was sent.")), "sent", cancellationToken);
    }

    public async Task CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await ActAsync(id, o => o.Cancel(clock.GetUtcNow()), "cancelled", cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var order = await GetAsync(id, cancellationToken);
        if (!order.IsDraft)
        {
            throw new DomainException($"{order.Reference} is numbered: cancel it instead, it cannot be deleted.");
        }

        var record = new RecordRef(PurchasingRecordTypes.Order, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await tags.UnassignAllAsync(PurchasingRecordTypes.Order, id, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(order);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<PurchaseOrder> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        var order = visible is null
            ? await OrderWithLines(db, id, cancellationToken)
            : await db.Set<PurchaseOrder>().Include(o => o.Lines).Where(o => o.Id == id).WhereThirdPartyVisible(visible, o => o.SupplierId)
                .SingleOrDefaultAsync(cancellationToken);
        return order ?? throw new NotFoundException("The purchase order");
    }

    private async Task ActAsync(long id, Action<PurchaseOrder> action, string? auditAction, CancellationToken cancellationToken)
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

/// <summary>The purchasing settings screen: second approval amount, self-approval.</summary>
public sealed class PurchasingSettingsAdministration(AppDbContext db)
{
    public async Task<PurchasingSettingsForm> GetAsync(CancellationToken cancellationToken = default)
    {
        var s = await db.Set<PurchasingSettings>().AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new PurchasingSettings();
        return new PurchasingSettingsForm { SecondApprovalAbove = s.SecondApprovalAbove, ForbidSelfApproval = s.ForbidSelfApproval };
    }

    public async Task SaveAsync(PurchasingSettingsForm form, CancellationToken cancellationToken = default)
    {
        var s = await db.Set<PurchasingSettings>().FirstOrDefaultAsync(cancellationToken);
        if (s is null)
        {
            s = new PurchasingSettings();
            db.Add(s);
        }

        (s.SecondApprovalAbove, s.ForbidSelfApproval) = (form.SecondApprovalAbove, form.ForbidSelfApproval);
        await db.SaveChangesAsync(cancellationToken);
    }
}
