using MokoCrm.Web.Platform.Events;

namespace MokoCrm.Web.Modules.Sales.Public;

/// <summary>The record types of Sales (links, notes, documents, audit use them).</summary>
public static class SalesRecordTypes
{
    public const string Proposal = "sales.proposal";
    public const string Order = "sales.order";
    public const string Shipment = "sales.shipment";
}

/// <summary>One line as frozen on the document, with the account from the product (Accounting posts from it).</summary>
public sealed record SalesLineSnapshot(
    int Position,
    string Kind,
    long? ProductId,
    string? ProductReference,
    string Description,
    decimal Quantity,
    decimal UnitPriceExclTax,
    decimal DiscountPercent,
    decimal VatRatePercent,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    string? AccountCode,
    DateOnly? ServiceStart,
    DateOnly? ServiceEnd);

public sealed record SalesVatAmount(decimal RatePercent, decimal TaxBase, decimal Vat);

/// <summary>What every Sales event carries: the document as frozen at validation, so consumers never read Sales tables.</summary>
public sealed record SalesDocumentSnapshot(
    long Id,
    string Number,
    long ThirdPartyId,
    DateOnly Date,
    decimal TotalExclTax,
    decimal TotalVat,
    decimal TotalInclTax,
    IReadOnlyList<SalesVatAmount> VatByRate,
    IReadOnlyList<SalesLineSnapshot> Lines);

public sealed record ProposalValidated(SalesDocumentSnapshot Proposal, DateOnly ValidUntil, long? LeadId) : IDomainEvent;

public sealed record ProposalSigned(SalesDocumentSnapshot Proposal, long? LeadId) : IDomainEvent;

public sealed record ProposalRefused(SalesDocumentSnapshot Proposal, long? LeadId) : IDomainEvent;

/// <param name="WarehouseId">The warehouse chosen on validation for the goods when stock leaves on "order validated" (null: the default).</param>
public sealed record OrderValidated(SalesDocumentSnapshot Order, long? ProposalId, long? WarehouseId = null) : IDomainEvent;

public sealed record OrderCancelled(SalesDocumentSnapshot Order) : IDomainEvent;

/// <summary>
/// Where other modules send the user to start a Sales document (ADR 0007): a plain URL and the right to show the
/// button, so the CRM's lead card offers "Create proposal" without knowing Sales' screens or rules.
/// </summary>
public static class SalesEntryPoints
{
    public const string CreateProposalPermission = SalesPermissions.Proposals.Write;

    public static string NewProposalForLead(long leadId) => $"/Sales/Proposals/new?leadId={leadId}";

    public static string NewProposalFor(long thirdPartyId) => $"/Sales/Proposals/new?thirdParty={thirdPartyId}";
}
