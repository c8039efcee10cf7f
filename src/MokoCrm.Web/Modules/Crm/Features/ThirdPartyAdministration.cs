using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Numbering;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Tags;

namespace MokoCrm.Web.Modules.Crm.Features;

/// <summary>A record that looks like the one being created, and why.</summary>
public sealed record PossibleDuplicate(long Id, string Name, string? Code, string Reason);

/// <summary>Creating, changing, closing and deleting third parties: one transaction per action.</summary>
public sealed class ThirdPartyAdministration(
    AppDbContext db,
    INumberingService numbering,
    CurrentCrmVisibility visibility,
    CurrentUserPermissions permissions,
    ICurrentUser currentUser,
    ITagService tags,
    TimeProvider clock)
{
    /// <summary>Third parties with the same VAT id, the same e-mail or the same normalised name, among those the user may see.</summary>
    public async Task<IReadOnlyList<PossibleDuplicate>> FindDuplicatesAsync(ThirdPartyForm form, long? exceptId = null, CancellationToken cancellationToken = default)
    {
        var vat = ThirdParty.NormalizeVatId(form.VatId);
        var email = Clean(form.Email)?.ToLowerInvariant();
        var name = ThirdParty.Normalize(form.Name ?? "");
        var candidates = db.Set<ThirdParty>().AsNoTracking().Where(t => t.Id != exceptId)
            .WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id)
            .Where(t => (vat != null && t.VatId == vat) || (email != null && t.Email!.ToLower() == email) || (name != "" && t.NormalizedName == name));
        var found = await candidates.OrderBy(t => t.Name).Take(10)
            .Select(t => new { t.Id, t.Name, t.VatId, t.Email, t.NormalizedName, Code = t.CustomerCode ?? t.SupplierCode })
            .ToListAsync(cancellationToken);
        return found.Select(t => new PossibleDuplicate(t.Id, t.Name, t.Code,
            vat != null && t.VatId == vat ? $"same VAT id {vat}"
            : email != null && string.Equals(t.Email, email, StringComparison.OrdinalIgnoreCase) ? $"same e-mail {t.Email}"
            : "same name")).ToList();
    }

    public async Task<long> CreateAsync(ThirdPartyForm form, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var thirdParty = ThirdParty.Create(form.Name, form.IsCustomer, form.IsProspect, form.IsSupplier, now);
        db.Add(thirdParty); // HiLo: the id is known now, for the cycle check and the representatives
        await ApplyAsync(thirdParty, form, cancellationToken);

        var representatives = form.SalesRepresentativeIds.Distinct().ToList();
        var rights = await permissions.GetAsync();
        if (!rights.Has(CrmPermissions.ThirdParties.SeeAll) && currentUser.UserId is { } me && !representatives.Contains(me))
        {
            representatives.Add(me); // otherwise the creator could not see what they just created
        }

        await SetRepresentativesAsync(thirdParty.Id, representatives, cancellationToken);

        // A caller's transaction (a lead converted to a third party) takes the code and the record with its own work.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await AssignCodesAsync(thirdParty, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return thirdParty.Id;
    }

    public async Task UpdateAsync(long id, ThirdPartyForm form, CancellationToken cancellationToken = default)
    {
        var thirdParty = await GetAsync(id, cancellationToken);
        thirdParty.Rename(form.Name);
        thirdParty.SetKinds(form.IsCustomer, form.IsProspect, form.IsSupplier);
        await ApplyAsync(thirdParty, form, cancellationToken);
        await SetRepresentativesAsync(id, form.SalesRepresentativeIds.Distinct().ToList(), cancellationToken);

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await AssignCodesAsync(thirdParty, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task CloseAsync(long id, CancellationToken cancellationToken = default)
    {
        (await GetAsync(id, cancellationToken)).Close();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ReopenAsync(long id, CancellationToken cancellationToken = default)
    {
        (await GetAsync(id, cancellationToken)).Reopen();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Only a third party nothing refers to: no contacts, no subsidiaries. Modules holding documents of third
    /// parties will add their own refusal when they arrive; until then a mistaken entry can be removed.
    /// </summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var thirdParty = await GetAsync(id, cancellationToken);
        if ((thirdParty.CustomerCode ?? thirdParty.SupplierCode) is { } code)
        {
            // DOMAIN.md §1: nothing numbered is ever deleted, so the code sequence keeps no hole.
            throw new DomainException($"{thirdParty.Name} has the code {code}: numbered records are never deleted. Close it instead.");
        }

        if (await db.Set<Contact>().AnyAsync(c => c.ThirdPartyId == id, cancellationToken))
        {
            throw new DomainException($"{thirdParty.Name} has contacts: delete or move them first, or close the third party instead.");
        }

        if (await db.Set<ThirdParty>().AnyAsync(t => t.ParentId == id, cancellationToken))
        {
            throw new DomainException($"{thirdParty.Name} is the parent company of other third parties: change those first, or close it instead.");
        }

        db.RemoveRange(await db.Set<SalesRepresentative>().Where(r => r.ThirdPartyId == id).ToListAsync(cancellationToken));
        await tags.UnassignAllAsync(CrmRecordTypes.ThirdParty, id, cancellationToken);
        db.Remove(thirdParty);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ThirdParty> GetAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await visibility.ThirdPartyIdsAsync();
        return await db.Set<ThirdParty>().Where(t => t.Id == id).WhereThirdPartyVisible(visible, t => t.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The third party");
    }

    private async Task AssignCodesAsync(ThirdParty thirdParty, DateOnly today, CancellationToken cancellationToken)
    {
        if (thirdParty.NeedsCustomerCode)
        {
            thirdParty.AssignCustomerCode(await numbering.NextAsync(NumberedDocumentTypes.CustomerCode, today, cancellationToken));
        }

        if (thirdParty.NeedsSupplierCode)
        {
            thirdParty.AssignSupplierCode(await numbering.NextAsync(NumberedDocumentTypes.SupplierCode, today, cancellationToken));
        }
    }

    /// <summary>Copies the form and checks what the form alone cannot: that the chosen references exist.</summary>
    private async Task ApplyAsync(ThirdParty t, ThirdPartyForm form, CancellationToken cancellationToken)
    {
        var country = form.CountryCode.Trim().ToUpperInvariant();
        if (!await db.Set<Country>().AnyAsync(c => c.Code == country && c.Active, cancellationToken))
        {
            throw new DomainException($"The country '{form.CountryCode}' does not exist.");
        }

        if (form.RegionId is { } region && !await db.Set<Region>().AnyAsync(r => r.Id == region && r.CountryCode == country, cancellationToken))
        {
            throw new DomainException("The region chosen is not a region of that country.");
        }

        if (form.PaymentTermId is { } term && !await db.Set<PaymentTerm>().AnyAsync(p => p.Id == term && p.Active, cancellationToken))
        {
            throw new DomainException("The payment terms chosen do not exist.");
        }

        if (form.PaymentMethodId is { } method && !await db.Set<PaymentMethod>().AnyAsync(p => p.Id == method && p.Active, cancellationToken))
        {
            throw new DomainException("The payment method chosen does not exist.");
        }

        var ancestors = new List<long>();
        if (form.ParentId is { } parent)
        {
            var visible = await visibility.ThirdPartyIdsAsync();
            if (!await db.Set<ThirdParty>().Where(p => p.Id == parent).WhereThirdPartyVisible(visible, p => p.Id).AnyAsync(cancellationToken))
            {
                throw new DomainException("The parent company chosen does not exist.");
            }

            // Walk up from the new parent: a handful of levels, one query each, and stop at a loop.
            for (long? up = parent; up is { } current && ancestors.Count < 50 && !ancestors.Contains(current);)
            {
                ancestors.Add(current);
                up = await db.Set<ThirdParty>().Where(p => p.Id == current).Select(p => p.ParentId).SingleOrDefaultAsync(cancellationToken);
            }
        }

        t.SetParent(form.ParentId, ancestors);
        t.Alias = Clean(form.Alias);
        t.Address = Clean(form.Address);
        t.PostalCode = Clean(form.PostalCode);
        t.Town = Clean(form.Town);
        t.CountryCode = country;
        t.RegionId = form.RegionId;
        t.Phone = Clean(form.Phone);
        t.Email = Clean(form.Email);
        t.Website = Clean(form.Website);
        t.VatId = ThirdParty.NormalizeVatId(form.VatId);
        t.VatLiable = form.VatLiable;
        t.PaymentTermId = form.PaymentTermId;
        t.PaymentMethodId = form.PaymentMethodId;
        t.ProspectStatus = form.ProspectStatus;
        t.SetCommercialTerms(form.DefaultDiscountPercent ?? 0m, form.CreditLimit);
        t.SetAccountingCode(form.AccountingCode);
    }

    private async Task SetRepresentativesAsync(long thirdPartyId, IReadOnlyCollection<long> userIds, CancellationToken cancellationToken)
    {
        var known = await db.Users.Where(u => userIds.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken);
        if (known.Count != userIds.Count)
        {
            throw new DomainException("A sales representative chosen is not an active user.");
        }

        var current = await db.Set<SalesRepresentative>().Where(r => r.ThirdPartyId == thirdPartyId).ToListAsync(cancellationToken);
        db.RemoveRange(current.Where(r => !userIds.Contains(r.UserId)));
        foreach (var userId in userIds.Where(u => current.All(r => r.UserId != u)))
        {
            db.Add(new SalesRepresentative(thirdPartyId, userId));
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Contacts: at a visible third party, or private.</summary>
public sealed class ContactAdministration(AppDbContext db, CurrentCrmVisibility visibility)
{
    public async Task<long> SaveAsync(long? id, ContactForm form, CancellationToken cancellationToken = default)
    {
        Contact contact;
        if (id is { } existing)
        {
            var visible = await visibility.ContactIdsAsync();
            contact = await db.Set<Contact>().Where(c => c.Id == existing).WhereThirdPartyVisible(visible, c => c.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("The contact");
            contact.SetLastName(form.LastName);
        }
        else
        {
            contact = Contact.Create(form.LastName);
            db.Add(contact);
        }

        if (form.ThirdPartyId is { } thirdPartyId
            && (!await visibility.CanSeeThirdPartyAsync(thirdPartyId) || !await db.Set<ThirdParty>().AnyAsync(t => t.Id == thirdPartyId, cancellationToken)))
        {
            throw new DomainException("The third party chosen does not exist.");
        }

        contact.ThirdPartyId = form.ThirdPartyId;
        contact.FirstName = Clean(form.FirstName);
        contact.JobTitle = Clean(form.JobTitle);
        contact.Email = Clean(form.Email);
        contact.Phone = Clean(form.Phone);
        contact.Mobile = Clean(form.Mobile);
        contact.Active = form.Active;
        contact.NoEmail = form.NoEmail;
        await db.SaveChangesAsync(cancellationToken);
        return contact.Id;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
