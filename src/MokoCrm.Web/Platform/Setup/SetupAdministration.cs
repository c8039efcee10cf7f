using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Setup.Features;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>Use cases of the Setup screens: each method checks the business rules and saves in one transaction.</summary>
public sealed class SetupAdministration(AppDbContext db)
{
    public async Task UpdateCompanyAsync(CompanyForm form, CancellationToken cancellationToken = default)
    {
        var company = await db.Set<CompanyProfile>().SingleAsync(cancellationToken);
        if (!await db.Set<Country>().AnyAsync(c => c.Code == form.CountryCode, cancellationToken))
        {
            throw new DomainException($"Unknown country '{form.CountryCode}'.");
        }

        if (form.RegionId is { } regionId && !await db.Set<Region>().AnyAsync(r => r.Id == regionId && r.CountryCode == form.CountryCode, cancellationToken))
        {
            throw new DomainException("The region does not belong to the chosen country.");
        }

        company.Name = form.Name.Trim();
        company.Address = Clean(form.Address);
        company.PostalCode = Clean(form.PostalCode);
        company.Town = Clean(form.Town);
        company.CountryCode = form.CountryCode;
        company.RegionId = form.RegionId;
        company.VatId = Clean(form.VatId)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        company.RegistrationNumber = Clean(form.RegistrationNumber);
        company.Phone = Clean(form.Phone);
        company.Email = Clean(form.Email);
        company.Website = Clean(form.Website);
        company.FiscalYearStartMonth = form.FiscalYearStartMonth;
        company.LegalLine = Clean(form.LegalLine);
        if (form.RemoveLogo)
        {
            company.Logo = null;
            company.LogoContentType = null;
        }
        else if (form.Logo is { Length: > 0 } logo)
        {
            using var buffer = new MemoryStream();
            await logo.CopyToAsync(buffer, cancellationToken);
            company.Logo = buffer.ToArray();
            company.LogoContentType = logo.ContentType;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> SaveVatRateAsync(long? id, VatRateForm form, CancellationToken cancellationToken = default)
    {
        var rate = form.Rate!.Value;
        if (await db.Set<VatRate>().AnyAsync(v => v.Rate == rate && v.Id != id, cancellationToken))
        {
            throw new DomainException($"The rate {rate:0.###} % already exists.");
        }

        var vat = id is null ? db.Set<VatRate>().Add(new VatRate()).Entity : await FindAsync<VatRate>(id.Value, "The VAT rate", cancellationToken);
        if (vat.IsDefault && !form.IsDefault)
        {
            throw new DomainException("Choose another default rate first: there must always be one.");
        }

        vat.Rate = rate;
        vat.Label = form.Label.Trim();
        vat.Active = form.Active;
        if (form.IsDefault && !vat.IsDefault)
        {
            // Only one rate is proposed by default on new lines.
            await db.Set<VatRate>().Where(v => v.IsDefault).ForEachAsync(v => v.IsDefault = false, cancellationToken);
            vat.IsDefault = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return vat.Id;
    }

    public async Task<long> SavePaymentTermAsync(long? id, PaymentTermForm form, CancellationToken cancellationToken = default)
    {
        var code = form.Code.Trim().ToUpperInvariant();
        if (await db.Set<PaymentTerm>().AnyAsync(p => p.Code == code && p.Id != id, cancellationToken))
        {
            throw new DomainException($"The code {code} is already used by another payment term.");
        }

        var term = id is null ? db.Set<PaymentTerm>().Add(new PaymentTerm()).Entity : await FindAsync<PaymentTerm>(id.Value, "The payment term", cancellationToken);
        term.Code = code;
        term.Label = form.Label.Trim();
        term.Days = form.Days!.Value;
        term.EndOfMonth = form.EndOfMonth;
        term.SortOrder = form.SortOrder;
        term.Active = form.Active;
        await db.SaveChangesAsync(cancellationToken);
        return term.Id;
    }

    public async Task<long> SavePaymentMethodAsync(long? id, PaymentMethodForm form, CancellationToken cancellationToken = default)
    {
        var code = form.Code.Trim().ToUpperInvariant();
        if (await db.Set<PaymentMethod>().AnyAsync(p => p.Code == code && p.Id != id, cancellationToken))
        {
            throw new DomainException($"The code {code} is already used by another payment method.");
        }

        var method = id is null ? db.Set<PaymentMethod>().Add(new PaymentMethod()).Entity : await FindAsync<PaymentMethod>(id.Value, "The payment method", cancellationToken);
        method.Code = code;
        method.Label = form.Label.Trim();
        method.Active = form.Active;
        await db.SaveChangesAsync(cancellationToken);
        return method.Id;
    }

    public async Task<long> SaveBankAccountAsync(long? id, BankAccountForm form, CancellationToken cancellationToken = default)
    {
        var label = form.Label.Trim();
        if (await db.Set<BankAccount>().AnyAsync(b => b.Label.ToLower() == label.ToLower() && b.Id != id, cancellationToken))
        {
            throw new DomainException($"A bank account named '{label}' already exists.");
        }

        var account = id is null ? db.Set<BankAccount>().Add(new BankAccount()).Entity : await FindAsync<BankAccount>(id.Value, "The bank account", cancellationToken);
        account.Label = label;
        account.BankName = Clean(form.BankName);
        account.Iban = string.IsNullOrWhiteSpace(form.Iban) ? null : Iban.Normalize(form.Iban);
        account.Bic = Clean(form.Bic)?.ToUpperInvariant();
        account.AccountingAccount = form.AccountingAccount.Trim();
        account.JournalCode = string.IsNullOrWhiteSpace(form.JournalCode)
            ? (id is null ? await NextBankJournalCodeAsync(cancellationToken) : account.JournalCode)
            : form.JournalCode.Trim().ToUpperInvariant();
        account.Active = form.Active;
        await db.SaveChangesAsync(cancellationToken);
        return account.Id;
    }

    /// <summary>The journal code a new bank account gets: the first of BQ, BQ2, BQ3 ... no bank account uses.</summary>
    public async Task<string> NextBankJournalCodeAsync(CancellationToken cancellationToken = default) =>
        BankAccount.NextJournalCode(await db.Set<BankAccount>().Select(b => b.JournalCode).ToListAsync(cancellationToken));

    public async Task<long> AddFiscalYearAsync(FiscalYearForm form, CancellationToken cancellationToken = default)
    {
        var start = form.StartDate!.Value;
        var end = form.EndDate!.Value;
        var overlapping = await db.Set<FiscalYear>().Where(f => f.StartDate <= end && f.EndDate >= start).Select(f => f.Label).FirstOrDefaultAsync(cancellationToken);
        if (overlapping is not null)
        {
            throw new DomainException($"These dates overlap the fiscal year {overlapping}.");
        }

        if (end > start.AddMonths(18))
        {
            throw new DomainException("A fiscal year lasts at most 18 months.");
        }

        var year = new FiscalYear { Label = form.Label.Trim(), StartDate = start, EndDate = end };
        db.Add(year);
        await db.SaveChangesAsync(cancellationToken);
        return year.Id;
    }

    public async Task SetFiscalYearStatusAsync(long id, FiscalYearStatus status, CancellationToken cancellationToken = default)
    {
        var year = await FindAsync<FiscalYear>(id, "The fiscal year", cancellationToken);
        if (status == FiscalYearStatus.Closed && await db.Set<FiscalYear>().AnyAsync(f => f.EndDate < year.StartDate && f.Status == FiscalYearStatus.Open, cancellationToken))
        {
            throw new DomainException("Close the earlier fiscal years first.");
        }

        year.Status = status;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> LockPeriodAsync(LockedPeriodForm form, CancellationToken cancellationToken = default)
    {
        var period = new LockedPeriod { FromDate = form.FromDate!.Value, ToDate = form.ToDate!.Value, Reason = form.Reason.Trim() };
        db.Add(period);
        await db.SaveChangesAsync(cancellationToken);
        return period.Id;
    }

    public async Task UnlockPeriodAsync(long id, CancellationToken cancellationToken = default)
    {
        db.Remove(await FindAsync<LockedPeriod>(id, "The locked period", cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<long> AddRegionAsync(RegionForm form, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<Country>().AnyAsync(c => c.Code == form.CountryCode, cancellationToken))
        {
            throw new DomainException($"Unknown country '{form.CountryCode}'.");
        }

        var code = form.Code.Trim().ToUpperInvariant();
        if (await db.Set<Region>().AnyAsync(r => r.CountryCode == form.CountryCode && r.Code == code, cancellationToken))
        {
            throw new DomainException($"The region code {code} already exists in this country.");
        }

        var region = new Region { CountryCode = form.CountryCode, Code = code, Name = form.Name.Trim() };
        db.Add(region);
        await db.SaveChangesAsync(cancellationToken);
        return region.Id;
    }

    private async Task<T> FindAsync<T>(long id, string what, CancellationToken cancellationToken)
        where T : Entity =>
        await db.Set<T>().SingleOrDefaultAsync(e => e.Id == id, cancellationToken) ?? throw new NotFoundException(what);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
