using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;
using MokoCrm.Web.Platform.Web.Lists;

namespace MokoCrm.Web.Platform.Setup;

public sealed record VatRateRow
{
    public long Id { get; init; }

    public decimal Rate { get; init; }

    public string Label { get; init; } = "";

    public bool IsDefault { get; init; }

    public bool Active { get; init; }
}

public sealed record PaymentTermRow
{
    public long Id { get; init; }

    public string Code { get; init; } = "";

    public string Label { get; init; } = "";

    public int Days { get; init; }

    public bool EndOfMonth { get; init; }

    public int SortOrder { get; init; }

    public bool Active { get; init; }
}

public sealed record PaymentMethodRow
{
    public long Id { get; init; }

    public string Code { get; init; } = "";

    public string Label { get; init; } = "";

    public bool Active { get; init; }
}

public sealed record BankAccountRow
{
    public long Id { get; init; }

    public string Label { get; init; } = "";

    public string BankName { get; init; } = "";

    public string Iban { get; init; } = "";

    public string AccountingAccount { get; init; } = "";

    public string JournalCode { get; init; } = "";

    public bool Active { get; init; }
}

public sealed record CountryRow
{
    public long Id { get; init; }

    public string Code { get; init; } = "";

    public string Name { get; init; } = "";

    public bool InEuropeanUnion { get; init; }

    public int Regions { get; init; }
}

/// <summary>Read side of the Setup screens, and the lookups other modules use to fill their pickers.</summary>
public sealed class SetupQueries(AppDbContext db)
{
    private static string ActiveBadge(bool active) => active ? "success" : "secondary";

    public static readonly ListDefinition<VatRateRow> VatRateList = new ListDefinition<VatRateRow>("vat-rates", v => v.Id)
        .Column("rate", "Rate %", v => v.Rate, c => { c.Format = "0.###"; c.Link = v => $"/Setup/VatRates/{v.Id}/edit"; })
        .Column("label", "Label", v => v.Label)
        .Column("default", "Default", v => v.IsDefault, c => c.Sortable = false)
        .Column("active", "Active", v => v.Active, c => { c.Sortable = false; c.Badge = v => ActiveBadge(v.Active); })
        .SortedBy("rate", descending: true);

    public static readonly ListDefinition<PaymentTermRow> PaymentTermList = new ListDefinition<PaymentTermRow>("payment-terms", p => p.Id)
        .Column("order", "Order", p => p.SortOrder)
        .Column("code", "Code", p => p.Code, c => c.Link = p => $"/Setup/PaymentTerms/{p.Id}/edit")
        .Column("label", "Label", p => p.Label)
        .Column("days", "Days", p => p.Days)
        .Column("eom", "End of month", p => p.EndOfMonth, c => c.Sortable = false)
        .Column("active", "Active", p => p.Active, c => { c.Sortable = false; c.Badge = p => ActiveBadge(p.Active); })
        .SortedBy("order");

    public static readonly ListDefinition<PaymentMethodRow> PaymentMethodList = new ListDefinition<PaymentMethodRow>("payment-methods", p => p.Id)
        .Column("code", "Code", p => p.Code, c => c.Link = p => $"/Setup/PaymentMethods/{p.Id}/edit")
        .Column("label", "Label", p => p.Label)
        .Column("active", "Active", p => p.Active, c => { c.Sortable = false; c.Badge = p => ActiveBadge(p.Active); })
        .SortedBy("label");

    public static readonly ListDefinition<BankAccountRow> BankAccountList = new ListDefinition<BankAccountRow>("bank-accounts", b => b.Id)
        .Column("label", "Label", b => b.Label, c => c.Link = b => $"/Setup/BankAccounts/{b.Id}/edit")
        .Column("bank", "Bank", b => b.BankName)
        .Column("iban", "IBAN", b => b.Iban, c => c.Sortable = false)
        .Column("account", "Accounting account", b => b.AccountingAccount)
        .Column("journal", "Journal", b => b.JournalCode)
        .Column("active", "Active", b => b.Active, c => { c.Sortable = false; c.Badge = b => ActiveBadge(b.Active); })
        .SortedBy("label");

    public static readonly ListDefinition<CountryRow> CountryList = new ListDefinition<CountryRow>("countries", c => c.Id)
        .Column("code", "Code", c => c.Code, c => c.Link = r => $"/Setup/Countries/{r.Code}")
        .Column("name", "Name", c => c.Name)
        .Column("eu", "EU", c => c.InEuropeanUnion, c => c.Sortable = false)
        .Column("regions", "Regions", c => c.Regions, c => c.Sortable = false)
        .SortedBy("name")
        .Searching((rows, q) => rows.Where(c => EF.Functions.ILike(c.Name, $"%{q}%") || EF.Functions.ILike(c.Code, $"{q}%")));

    public IQueryable<VatRateRow> VatRates() => db.Set<VatRate>().AsNoTracking()
        .Select(v => new VatRateRow { Id = v.Id, Rate = v.Rate, Label = v.Label, IsDefault = v.IsDefault, Active = v.Active });

    public IQueryable<PaymentTermRow> PaymentTerms() => db.Set<PaymentTerm>().AsNoTracking()
        .Select(p => new PaymentTermRow { Id = p.Id, Code = p.Code, Label = p.Label, Days = p.Days, EndOfMonth = p.EndOfMonth, SortOrder = p.SortOrder, Active = p.Active });

    public IQueryable<PaymentMethodRow> PaymentMethods() => db.Set<PaymentMethod>().AsNoTracking()
        .Select(p => new PaymentMethodRow { Id = p.Id, Code = p.Code, Label = p.Label, Active = p.Active });

    public IQueryable<BankAccountRow> BankAccounts() => db.Set<BankAccount>().AsNoTracking()
        .Select(b => new BankAccountRow { Id = b.Id, Label = b.Label, BankName = b.BankName ?? "", Iban = b.Iban ?? "", AccountingAccount = b.AccountingAccount, JournalCode = b.JournalCode, Active = b.Active });

    /// <summary>Countries are keyed by code; code and name are both unique, so keyset paging needs no id (0 for all).</summary>
    public IQueryable<CountryRow> Countries() => db.Set<Country>().AsNoTracking()
        .Select(c => new CountryRow
        {
            Id = 0,
            Code = c.Code, Name = c.Name, InEuropeanUnion = c.InEuropeanUnion,
            Regions = db.Set<Region>().Count(r => r.CountryCode == c.Code),
        });

    public Task<List<Country>> CountryChoicesAsync() => db.Set<Country>().AsNoTracking().Where(c => c.Active).OrderBy(c => c.Name).ToListAsync();

    public Task<List<Region>> RegionsOfAsync(string countryCode) =>
        db.Set<Region>().AsNoTracking().Where(r => r.CountryCode == countryCode).OrderBy(r => r.Name).ToListAsync();

    public Task<CompanyProfile> CompanyAsync() => db.Set<CompanyProfile>().AsNoTracking().SingleAsync();

    public Task<List<FiscalYear>> FiscalYearsAsync() => db.Set<FiscalYear>().AsNoTracking().OrderByDescending(f => f.StartDate).ToListAsync();

    public Task<List<LockedPeriod>> LockedPeriodsAsync() => db.Set<LockedPeriod>().AsNoTracking().OrderByDescending(l => l.FromDate).ToListAsync();
}
