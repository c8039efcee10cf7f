using FluentValidation;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A document line in the native API (proposals, orders, invoices).</summary>
public sealed record LineResource(
    long Id, int Position, LineKind Kind, long? ProductId, string? ProductReference, string Description, decimal Quantity,
    decimal UnitPrice, PriceBasis PriceBasis, decimal? UnitPriceInclTax, decimal DiscountPercent, decimal VatRate,
    DateOnly? ServiceStart, DateOnly? ServiceEnd, decimal TotalExclTax, decimal TotalVat, decimal TotalInclTax);

/// <summary>
/// A line to add, or the fields of a line to change. A product line (<c>productId</c>) takes the catalogue's price,
/// description and VAT rate for what is left out; <c>unitPrice</c> is excl. tax unless <c>priceBasis</c> is incl-tax.
/// </summary>
public sealed class LineInput
{
    public LineKind? Kind { get; set; }

    public long? ProductId { get; set; }

    public string? Description { get; set; }

    public decimal? Quantity { get; set; }

    public decimal? UnitPrice { get; set; }

    public PriceBasis? PriceBasis { get; set; }

    public decimal? DiscountPercent { get; set; }

    public decimal? VatRate { get; set; }

    public DateOnly? ServiceStart { get; set; }

    public DateOnly? ServiceEnd { get; set; }
}

/// <summary>A note that goes with an action (sign, refuse).</summary>
public sealed class NoteInput
{
    public string? Note { get; set; }
}

/// <summary>The native shapes of the Sales documents and the line mapping, shared by the Sales resources.</summary>
public static class NativeSales
{
    public static LineResource Line(DocumentLine l) => new(
        l.Id, l.Position, l.Kind, l.ProductId, l.ProductReference, l.Description, l.Quantity, l.UnitPrice, l.PriceBasis, l.UnitPriceInclTax,
        l.DiscountPercent, l.VatRatePercent, l.ServiceStart, l.ServiceEnd, l.TotalExclTax, l.TotalVat, l.TotalInclTax);

    public static IReadOnlyList<LineResource> Lines<TLine>(LinedDocument<TLine> document)
        where TLine : DocumentLine => document.OrderedLines.Select(Line).ToList();

    /// <summary>The line form of the screens, from what was sent over the current line (or a new one); checked by the screens' validator.</summary>
    public static async Task<LineForm> FormAsync(LineInput input, IValidator<LineForm> validator, DocumentLine? current, CancellationToken cancellationToken)
    {
        var form = current is null ? new LineForm { Kind = input.ProductId is > 0 ? LineKind.Product : LineKind.Free } : LineForm.Of(current);
        form.Kind = input.Kind ?? (input.ProductId is not null && current is null ? LineKind.Product : form.Kind);
        form.ProductId = input.ProductId ?? form.ProductId;
        form.Description = input.Description ?? form.Description;
        form.Quantity = input.Quantity ?? form.Quantity;
        form.UnitPrice = input.UnitPrice ?? form.UnitPrice;
        form.PriceBasis = input.PriceBasis ?? form.PriceBasis;
        form.DiscountPercent = input.DiscountPercent ?? form.DiscountPercent;
        form.VatRate = input.VatRate ?? form.VatRate;
        form.ServiceStart = input.ServiceStart ?? form.ServiceStart;
        form.ServiceEnd = input.ServiceEnd ?? form.ServiceEnd;
        await validator.CheckNativeAsync(form, cancellationToken);
        return form;
    }

    /// <summary>Lines sent with a creation, each checked; errors name <c>lines[i].field</c>.</summary>
    public static async Task<List<LineForm>> FormsAsync(List<LineInput>? inputs, IValidator<LineForm> validator, CancellationToken cancellationToken)
    {
        var forms = new List<LineForm>();
        foreach (var (input, i) in (inputs ?? []).Select((x, i) => (x, i)))
        {
            try
            {
                forms.Add(await FormAsync(input, validator, null, cancellationToken));
            }
            catch (ApiException ex) when (ex.Errors is not null)
            {
                throw new ApiException(ex.Status, ex.Message, ex.Errors.ToDictionary(e => $"lines[{i}].{e.Key}", e => e.Value));
            }
        }

        return forms;
    }
}
