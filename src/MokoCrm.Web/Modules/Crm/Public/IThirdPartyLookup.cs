namespace MokoCrm.Web.Modules.Crm.Public;

/// <summary>
/// What a commercial document (Sales, later Purchasing) reads of its third party: kinds and status to accept or
/// refuse it, the address to print, the defaults to propose (payment terms and method).
/// </summary>
public sealed record ThirdPartySummary(
    long Id,
    string Name,
    string? CustomerCode,
    string? SupplierCode,
    bool IsCustomer,
    bool IsProspect,
    bool IsSupplier,
    bool IsActive,
    IReadOnlyList<string> AddressLines,
    string? VatId,
    string? Email,
    long? PaymentTermId,
    long? PaymentMethodId,
    string? AccountingCode);

/// <summary>A contact of a third party, for the contact-by-role pickers and the printed addresses.</summary>
public sealed record ContactSummary(long Id, long? ThirdPartyId, string Name, string? Email, string? Phone, bool Active);

/// <summary>Third parties and their contacts as other modules see them, within the current user's visibility (null: not found or not visible).</summary>
public interface IThirdPartyLookup
{
    Task<ThirdPartySummary?> FindAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>One query for all the ids; ids that do not exist or are not visible are left out.</summary>
    Task<IReadOnlyList<ThirdPartySummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>The active contacts of a visible third party, by name.</summary>
    Task<IReadOnlyList<ContactSummary>> ContactsOfAsync(long thirdPartyId, CancellationToken cancellationToken = default);

    /// <summary>Contacts by id (for a document's printed roles); unknown ids are left out.</summary>
    Task<IReadOnlyList<ContactSummary>> ContactsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);
}
