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

/// <summary>Proposals: drafts and their lines, validation, signature, refusal, reopening, cancellation. One transaction per action.</summary>
public sealed class ProposalAdministration(
    AppDbContext db,
    SalesChecks checks,
    CurrentCrmVisibility visibility,
    ILeadLookup leads,
    INumberingService numbering,
    INoteService notes,
    ILinkService links,
    ITagService tags,
    IOutbox outbox,
    IAuditActions audit,
    ICurrentUser currentUser,
    TimeProvider clock)
{
    public async Task<long> CreateAsync(ProposalForm form, CancellationToken cancellationToken = default)
    {
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: true, cancellationToken);
        var date = form.Date ?? Today();
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var leadId = await LeadAsync(form.LeadId, party, cancellationToken);

        var proposal = Proposal.Create(party.Id, contacts, date, form.ValidityDays ?? Proposal.DefaultValidityDays, leadId, currentUser.UserId, clock.GetUtcNow());
        proposal.PaymentTermId = term;
        proposal.PaymentMethodId = method;
        db.Add(proposal);
        var record = new RecordRef(SalesRecordTypes.Proposal, proposal.Id);
        if (!string.IsNullOrWhiteSpace(form.PublicNote))
        {
            await notes.SetAsync(record, NoteKind.Public, form.PublicNote, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(form.PrivateNote))
        {
            await notes.SetAsync(record, NoteKind.Private, form.PrivateNote, cancellationToken);
        }

        if (leadId is { } lead)
        {
            await links.LinkAsync(new RecordRef(CrmRecordTypes.Lead, lead), record, LinkKinds.Converted, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return proposal.Id;
    }

    public async Task UpdateAsync(long id, ProposalForm form, CancellationToken cancellationToken = default)
    {
        var proposal = await GetAsync(id, cancellationToken);
        var party = await checks.CustomerAsync(form.ThirdPartyId ?? 0, cancellationToken);
        var contacts = await checks.ContactsAsync(party, form.CustomerContactId, form.BillingContactId, form.ShippingContactId, cancellationToken);
        var (term, method) = await checks.TermsAsync(party, form.PaymentTermId, form.PaymentMethodId, useDefaults: false, cancellationToken);
        var date = form.Date ?? proposal.Date;
        await checks.EnsureDateOpenAsync(date, cancellationToken);
        var leadId = await LeadAsync(form.LeadId, party, cancellationToken);
        proposal.SetParty(party.Id, contacts);
        proposal.SetDate(date, form.ValidityDays ?? proposal.ValidityDays);
        proposal.PaymentTermId = term;
        proposal.PaymentMethodId = method;
        proposal.SetLead(leadId);
        var record = new RecordRef(SalesRecordTypes.Proposal, id);
        await notes.SetAsync(record, NoteKind.Public, form.PublicNote, cancellationToken);
        await notes.SetAsync(record, NoteKind.Private, form.PrivateNote, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> AddLineAsync(long id, LineForm form, CancellationToken cancellationToken = default)
    {
        var proposal = await GetAsync(id, cancellationToken);
        var line = proposal.AddLine(await checks.LineAsync(form, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return line.Id;
    }

    public async Task ChangeLineAsync(long id, long lineId, LineForm form, CancellationToken cancellationToken = default)
    {
        var proposal = await GetAsync(id, cancellationToken);
        proposal.Line(lineId);
        proposal.ChangeLine(lineId, await checks.LineAsync(form, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task RemoveLineAsync(long id, long lineId, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.RemoveLine(lineId), null, cancellationToken);

    public Task MoveLineAsync(long id, long lineId, int delta, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.MoveLine(lineId, delta), null, cancellationToken);

    /// <summary>Number and totals in one transaction: the counter row stays locked until the commit (ADR 0002).</summary>
    public async Task<string> ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var proposal = await GetAsync(id, cancellationToken);
        if (proposal.Status != ProposalStatus.Draft)
        {
            throw new DomainException($"{proposal.Reference} is already validated.");
        }

        if (!proposal.Lines.Any(l => l.IsPriced))
        {
            throw new DomainException($"{proposal.Reference} has no lines: add at least one product or free-text line before validating.");
        }

        await checks.EnsureDateOpenAsync(proposal.Date, cancellationToken);
        proposal.Validate(await numbering.NextAsync(NumberedDocumentTypes.Proposal, proposal.Date, cancellationToken), currentUser.UserId, clock.GetUtcNow());
        audit.Name(proposal, "validated");
        outbox.Enqueue(new GenerateSalesPdf(SalesRecordTypes.Proposal, proposal.Id));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return proposal.Number!;
    }

    public Task SignAsync(long id, string? note, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.Sign(currentUser.UserId, clock.GetUtcNow(), note), "signed", cancellationToken);

    public Task RefuseAsync(long id, string? note, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.Refuse(currentUser.UserId, clock.GetUtcNow(), note), "refused", cancellationToken);

    public Task ReopenAsync(long id, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.Reopen(), "reopened", cancellationToken);

    public Task CancelAsync(long id, CancellationToken cancellationToken = default) =>
        ActAsync(id, p => p.Cancel(), "cancelled", cancellationToken);

    /// <summary>Only a draft is deleted; nothing numbered ever is (DOMAIN.md §1).</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var proposal = await GetAsync(id, cancellationToken);
        if (!proposal.CanBeDeleted)
        {
            throw new DomainException($"{proposal.Reference} is numbered: cancel it instead, it cannot be deleted.");
        }

        var record = new RecordRef(SalesRecordTypes.Proposal, id);
        await links.UnlinkAllAsync(record, cancellationToken);
        await tags.UnassignAllAsync(SalesRecordTypes.Proposal, id, cancellationToken);
        await notes.RemoveAsync(record, cancellationToken);
        db.Remove(proposal);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The proposal with its lines, tracked, if the user may see its third party; else 404.</summary>
    public async Task<Proposal> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<Proposal>().Include(p => p.Lines).Where(p => p.Id == id).WhereThirdPartyVisible(visible, p => p.ThirdPartyId)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The proposal");
    }

    private async Task ActAsync(long id, Action<Proposal> action, string? auditAction, CancellationToken cancellationToken)
    {
        var proposal = await GetAsync(id, cancellationToken);
        action(proposal);
        if (auditAction is not null)
        {
            audit.Name(proposal, auditAction);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<long?> LeadAsync(long? leadId, Crm.Public.ThirdPartySummary party, CancellationToken cancellationToken)
    {
        if (leadId is not { } id)
        {
            return null;
        }

        var lead = await leads.FindAsync(id, cancellationToken) ?? throw new DomainException("The lead chosen does not exist.");
        if (lead.ThirdPartyId is { } leadParty && leadParty != party.Id)
        {
            throw new DomainException($"The lead {lead.Title} is at {lead.ThirdPartyName}, not at {party.Name}.");
        }

        return lead.Id;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
