using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup;

/// <summary>
/// Reference data every installation starts with: the company row, countries and French regions, the VAT rates
/// 20/10/5.5/2.1/0, the usual payment terms and methods, and the current fiscal year. Adds only what is missing, so an
/// administrator's edits survive restarts.
/// </summary>
internal sealed class SetupSeeder(TimeProvider clock) : IReferenceDataSeeder
{
    private static readonly (string Code, string Name, bool Eu)[] Countries =
    [
        ("AT", "Austria", true), ("BE", "Belgium", true), ("BG", "Bulgaria", true), ("HR", "Croatia", true), ("CY", "Cyprus", true),
        ("CZ", "Czechia", true), ("DK", "Denmark", true), ("EE", "Estonia", true), ("FI", "Finland", true), ("FR", "France", true),
        ("DE", "Germany", true), ("GR", "Greece", true), ("HU", "Hungary", true), ("IE", "Ireland", true), ("IT", "Italy", true),
        ("LV", "Latvia", true), ("LT", "Lithuania", true), ("LU", "Luxembourg", true), ("MT", "Malta", true), ("NL", "Netherlands", true),
        ("PL", "Poland", true), ("PT", "Portugal", true), ("RO", "Romania", true), ("SK", "Slovakia", true), ("SI", "Slovenia", true),
        ("ES", "Spain", true), ("SE", "Sweden", true), ("CH", "Switzerland", false), ("GB", "United Kingdom", false), ("NO", "Norway", false),
        ("IS", "Iceland", false), ("US", "United States", false), ("CA", "Canada", false), ("MX", "Mexico", false), ("BR", "Brazil", false),
        ("AR", "Argentina", false), ("MA", "Morocco", false), ("TN", "Tunisia", false), ("DZ", "Algeria", false), ("SN", "Senegal", false),
        ("CI", "Côte d'Ivoire", false), ("ZA", "South Africa", false), ("TR", "Türkiye", false), ("UA", "Ukraine", false), ("CN", "China", false),
        ("JP", "Japan", false), ("IN", "India", false), ("AU", "Australia", false), ("NZ", "New Zealand", false), ("SG", "Singapore", false),
    ];

    private static readonly (string Code, string Name)[] FrenchRegions =
    [
        ("ARA", "Auvergne-Rhône-Alpes"), ("BFC", "Bourgogne-Franche-Comté"), ("BRE", "Bretagne"), ("CVL", "Centre-Val de Loire"),
        ("COR", "Corse"), ("GES", "Grand Est"), ("HDF", "Hauts-de-France"), ("IDF", "Île-de-France"), ("NOR", "Normandie"),
        ("NAQ", "Nouvelle-Aquitaine"), ("OCC", "Occitanie"), ("PDL", "Pays de la Loire"), ("PAC", "Provence-Alpes-Côte d'Azur"),
        ("GP", "Guadeloupe"), ("MQ", "Martinique"), ("GF", "Guyane"), ("RE", "La Réunion"), ("YT", "Mayotte"),
    ];

    public int Order => 10;

    public async Task SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var existingCountries = await db.Set<Country>().Select(c => c.Code).ToListAsync(cancellationToken);
        db.Set<Country>().AddRange(Countries.Where(c => !existingCountries.Contains(c.Code))
            .Select(c => new Country { Code = c.Code, Name = c.Name, InEuropeanUnion = c.Eu }));
        await db.SaveChangesAsync(cancellationToken);

        if (!await db.Set<CompanyProfile>().AnyAsync(cancellationToken))
        {
            db.Add(new CompanyProfile());
        }

        if (!await db.Set<Region>().AnyAsync(r => r.CountryCode == "FR", cancellationToken))
        {
            db.AddRange(FrenchRegions.Select(r => new Region { CountryCode = "FR", Code = r.Code, Name = r.Name }));
        }

        if (!await db.Set<VatRate>().AnyAsync(cancellationToken))
        {
            db.AddRange(
                new VatRate { Rate = 20m, Label = "20 % (standard)", IsDefault = true },
                new VatRate { Rate = 10m, Label = "10 % (intermediate)" },
                new VatRate { Rate = 5.5m, Label = "5.5 % (reduced)" },
                new VatRate { Rate = 2.1m, Label = "2.1 % (super-reduced)" },
                new VatRate { Rate = 0m, Label = "0 % (exempt)" });
        }

        if (!await db.Set<PaymentTerm>().AnyAsync(cancellationToken))
        {
            db.AddRange(
                new PaymentTerm { Code = "RECEIPT", Label = "Due on receipt", Days = 0, SortOrder = 1 },
                new PaymentTerm { Code = "30D", Label = "30 days", Days = 30, SortOrder = 2 },
                new PaymentTerm { Code = "30DEOM", Label = "30 days end of month", Days = 30, EndOfMonth = true, SortOrder = 3 },
                new PaymentTerm { Code = "60D", Label = "60 days", Days = 60, SortOrder = 4 });
        }

        if (!await db.Set<PaymentMethod>().AnyAsync(cancellationToken))
        {
            db.AddRange(
                new PaymentMethod { Code = "TRANSFER", Label = "Bank transfer" },
                new PaymentMethod { Code = "CARD", Label = "Card" },
                new PaymentMethod { Code = "CHEQUE", Label = "Cheque" },
                new PaymentMethod { Code = "CASH", Label = "Cash" },
                new PaymentMethod { Code = "DIRECT_DEBIT", Label = "Direct debit" });
        }

        if (!await db.Set<FiscalYear>().AnyAsync(cancellationToken))
        {
            var year = clock.GetLocalNow().Year;
            db.Add(new FiscalYear { Label = $"FY{year}", StartDate = new DateOnly(year, 1, 1), EndDate = new DateOnly(year, 12, 31) });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Demo identity for a first start: a company people can recognise on printed documents, and a bank account.</summary>
internal sealed class SetupDemoSeeder : IDemoDataSeeder
{
    public int Order => 10;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var company = await db.Set<CompanyProfile>().SingleAsync(cancellationToken);
        company.Name = "Moko Demo SAS";
        company.Address = "12 rue des Artisans";
        company.PostalCode = "69002";
        company.Town = "Lyon";
        company.CountryCode = "FR";
        company.RegionId = await db.Set<Region>().Where(r => r.CountryCode == "FR" && r.Code == "ARA").Select(r => (long?)r.Id).SingleOrDefaultAsync(cancellationToken);
        company.VatId = "FR40123456824";
        company.RegistrationNumber = "123 456 824 RCS Lyon";
        company.Phone = "+33 4 78 00 00 00";
        company.Email = "contact@moko-demo.example";
        company.Website = "https://moko-demo.example";
        company.LegalLine = "Moko Demo SAS, capital 10 000 EUR, 123 456 824 RCS Lyon, VAT FR40123456824";
        if (!await db.Set<BankAccount>().AnyAsync(cancellationToken))
        {
            db.Add(new BankAccount { Label = "Main account", BankName = "Banque Démo", Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP", AccountingAccount = "512" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
