namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A note that goes with an action (sign, refuse).</summary>
public sealed class NoteInput
{
    public string? Note { get; set; }
}

/// <summary>What a proposal, order or invoice list may be sorted by: <c>?sort=-date</c>, <c>number</c> (drafts, without one yet, first), <c>totalExclTax</c>, <c>totalInclTax</c>.</summary>
internal static class NativeSalesSorts
{
    public static Platform.Api.NativeSorts<T> Of<T, TLine>()
        where T : Domain.SalesDocument<TLine>
        where TLine : Platform.Domain.DocumentLine =>
        new Platform.Api.NativeSorts<T>()
            .By("date", d => d.Date)
            .By("number", d => d.Number ?? "")
            .By("totalExclTax", d => d.TotalExclTax)
            .By("totalInclTax", d => d.TotalInclTax);
}

/// <summary>An invoice as a payment of it needs it (its customer, its total and what is settled), read without its lines.</summary>
internal sealed record InvoicePaymentBasis(long ThirdPartyId, decimal TotalInclTax, decimal AmountSettled);
