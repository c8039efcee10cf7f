using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Setup.Domain;

/// <summary>
/// The company using MokoCRM: printed on every document, source of the currency and the fiscal calendar. There is one
/// row per installation, created by the Setup seeder under the start-up lock.
/// </summary>
public sealed class CompanyProfile : Entity, IAudited
{
    public string Name { get; set; } = "My company";

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string CountryCode { get; set; } = "FR";

    public long? RegionId { get; set; }

    public string? VatId { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    /// <summary>The company currency: every amount is in it (other currencies come later).</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>Month (1–12) the fiscal year starts in; numbering counters and locked periods follow it.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>Printed in the footer of every PDF (legal form, capital, registration).</summary>
    public string? LegalLine { get; set; }

    [NotAudited]
    public byte[]? Logo { get; set; }

    public string? LogoContentType { get; set; }

    public IReadOnlyList<string> AddressLines() =>
        new[] { Address, string.Join(' ', new[] { PostalCode, Town }.Where(p => !string.IsNullOrWhiteSpace(p))), CountryCode }
            .Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!).ToList();
}
