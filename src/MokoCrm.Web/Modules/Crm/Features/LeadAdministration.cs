using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Modules.Crm.Features;

/// <summary>What "convert to third party" did: the third party it created, or the likely duplicates it stopped at.</summary>
public sealed record LeadConversion(long? ThirdPartyId, IReadOnlyList<PossibleDuplicate> Duplicates);

/// <summary>Creating, changing, moving, converting and deleting leads: one transaction per action.</summary>
public sealed class LeadAdministration(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ICurrentUser currentUser,
    ThirdPartyAdministration thirdParties,
    ILinkService links,
    ITagService tags,
    TimeProvider clock)
{
    public async Task<long> CreateAsync(LeadForm form, CancellationToken cancellationToken = default)
    {
        var lead = Lead.Create(form.Title, form.Stage, clock.GetUtcNow());
        lead.OwnerUserId = currentUser.UserId; // the default; the form may name another owner
        await ApplyAsync(lead, form, cancellationToken);
        if (form.Probability is { } probability)
        {
            lead.SetProbability(probability);
        }

        db.Add(lead);
        await db.SaveChangesAsync(cancellationToken);
        return lead.Id;
    }

    public async Task UpdateAsync(long id, LeadForm form, CancellationToken cancellationToken = default)
    {
        var lead = await GetAsync(id, cancellationToken);
        lead.Retitle(form.Title);
        await ApplyAsync(lead, form, cancellationToken);
        lead.SetProbability(form.Probability ?? Lead.DefaultProbability(lead.Stage));
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task MoveAsync(long id, LeadStage stage, CancellationToken cancellationToken = default) =>
        ActAsync(id, l => l.MoveTo(stage, clock.GetUtcNow()), cancellationToken);

    public Task WinAsync(long id, CancellationToken cancellationToken = default) =>
        ActAsync(id, l => l.MarkWon(clock.GetUtcNow()), cancellationToken);

    public Task LoseAsync(long id, string? reason, CancellationToken cancellationToken = default) =>
        ActAsync(id, l => l.MarkLost(reason, clock.GetUtcNow()), cancellationToken);

    public Task ReopenAsync(long id, CancellationToken cancellationToken = default) =>
        ActAsync(id, l => l.Reopen(LeadStage.Prospection, clock.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Makes the lead's company a prospect (through <see cref="ThirdPartyAdministration"/>: code, visibility, duplicate
    /// rules) with a contact from the lead's contact details, and links both to the lead, in one transaction. When the
    /// company probably exists already nothing is created: the duplicates are returned for the user to choose.
    /// </summary>
    public async Task<LeadConversion> ConvertAsync(long id, bool createAnyway, CancellationToken cancellationToken = default)
    {
        var lead = await GetAsync(id, cancellationToken);
        if (lead.ThirdPartyId is not null || string.IsNullOrWhiteSpace(lead.CompanyName))
        {
            throw new DomainException($"{lead.Title} is already at a third party.");
        }

        var form = new ThirdPartyForm
        {
            Name = lead.CompanyName, IsProspect = true, Email = lead.ContactEmail, Phone = lead.ContactPhone,
            ProspectStatus = ProspectStatus.InProgress,
        };
        if (lead.OwnerUserId is { } owner && await db.Users.AnyAsync(u => u.Id == owner && u.IsActive, cancellationToken))
        {
            form.SalesRepresentativeIds.Add(owner);
        }

        if (!createAnyway && await thirdParties.FindDuplicatesAsync(form, cancellationToken: cancellationToken) is { Count: > 0 } duplicates)
        {
            return new LeadConversion(null, duplicates);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var thirdPartyId = await thirdParties.CreateAsync(form, cancellationToken);
        Contact? contact = null;
        if (!string.IsNullOrWhiteSpace(lead.ContactName))
        {
            var name = lead.ContactName.Trim();
            var space = name.LastIndexOf(' ');
            contact = Contact.Create(space < 0 ? name : name[(space + 1)..]);
            contact.FirstName = space < 0 ? null : name[..space];
            contact.ThirdPartyId = thirdPartyId;
            contact.Email = lead.ContactEmail;
            contact.Phone = lead.ContactPhone;
            db.Add(contact);
        }

        lead.ConvertedTo(thirdPartyId, contact?.Id);
        await links.LinkAsync(new RecordRef(CrmRecordTypes.Lead, lead.Id), new RecordRef(CrmRecordTypes.ThirdParty, thirdPartyId), LinkKinds.Converted, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new LeadConversion(thirdPartyId, []);
    }

    /// <summary>The company was a third party already (the duplicate found on conversion): the lead moves to it.</summary>
    public async Task AttachAsync(long id, long thirdPartyId, CancellationToken cancellationToken = default)
    {
        var lead = await GetAsync(id, cancellationToken);
        if (!await visibility.CanSeeThirdPartyAsync(thirdPartyId) || !await db.Set<ThirdParty>().AnyAsync(t => t.Id == thirdPartyId, cancellationToken))
        {
            throw new DomainException("The third party chosen does not exist.");
        }

        lead.ConvertedTo(thirdPartyId, null);
        await links.LinkAsync(new RecordRef(CrmRecordTypes.Lead, lead.Id), new RecordRef(CrmRecordTypes.ThirdParty, thirdPartyId), LinkKinds.Manual, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var lead = await GetAsync(id, cancellationToken);
        await links.UnlinkAllAsync(new RecordRef(CrmRecordTypes.Lead, id), cancellationToken);
        await tags.UnassignAllAsync(CrmRecordTypes.Lead, id, cancellationToken);
        db.Remove(lead);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ActAsync(long id, Action<Lead> action, CancellationToken cancellationToken)
    {
        action(await GetAsync(id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<Lead> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.LeadIdsAsync();
        return await db.Set<Lead>().Where(l => l.Id == id).WhereThirdPartyVisible(visible, l => l.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The lead");
    }

    /// <summary>Copies the form and checks what the form alone cannot: that the chosen third party, contact and owner exist.</summary>
    private async Task ApplyAsync(Lead lead, LeadForm form, CancellationToken cancellationToken)
    {
        if (form.ThirdPartyId is { } thirdPartyId
            && (!await visibility.CanSeeThirdPartyAsync(thirdPartyId) || !await db.Set<ThirdParty>().AnyAsync(t => t.Id == thirdPartyId, cancellationToken)))
        {
            throw new DomainException("The third party chosen does not exist.");
        }

        if (form.ContactId is { } contactId && !await db.Set<Contact>().AnyAsync(c => c.Id == contactId && c.ThirdPartyId == form.ThirdPartyId, cancellationToken))
        {
            throw new DomainException("The contact chosen is not a contact of that third party.");
        }

        if (form.OwnerUserId is { } owner)
        {
            if (!await db.Users.AnyAsync(u => u.Id == owner && u.IsActive, cancellationToken))
            {
                throw new DomainException("The owner chosen is not an active user.");
            }

            lead.OwnerUserId = owner;
        }

        lead.SetParty(form.ThirdPartyId, form.ContactId, form.CompanyName);
        lead.ContactName = Clean(form.ContactName);
        lead.ContactEmail = Clean(form.ContactEmail);
        lead.ContactPhone = Clean(form.ContactPhone);
        lead.SetExpectedAmount(form.ExpectedAmount ?? 0m);
        lead.ExpectedCloseDate = form.ExpectedCloseDate;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
