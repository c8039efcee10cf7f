using System.Globalization;
using System.Text.Json;
using FluentValidation;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>A document line as Dolibarr's API shows it (PropaleLigne, OrderLine...).</summary>
public sealed record DolLine(
    long Id, long Rowid, long? FkProduct, string? ProductRef, int ProductType, string Desc, string Description, string? Label,
    string Qty, string Subprice, string Price, string TvaTx, string RemisePercent, string TotalHt, string TotalTva, string TotalTtc,
    string PriceBaseType, int Rang, long? DateStart, long? DateEnd, int SpecialCode, int InfoBits);

/// <summary>
/// A line sent by a Dolibarr client. <c>subprice</c> is excl. tax, or incl. tax when <c>price_base_type</c> is TTC
/// (DOMAIN.md §2); <c>fk_product</c> makes a product line whose empty price, label and VAT come from the catalogue.
/// Dolibarr fields without a meaning here (rang, info_bits, special_code, localtax, array_options...) are accepted and ignored.
/// </summary>
public sealed class DolLineInput
{
    public string? Desc { get; set; }

    public string? Label { get; set; }

    public decimal? Qty { get; set; }

    public decimal? Subprice { get; set; }

    public string? PriceBaseType { get; set; }

    public decimal? TvaTx { get; set; }

    public long? FkProduct { get; set; }

    public decimal? RemisePercent { get; set; }

    public long? DateStart { get; set; }

    public long? DateEnd { get; set; }

    public int? ProductType { get; set; }

    public int? Rang { get; set; }

    public int? InfoBits { get; set; }

    public int? SpecialCode { get; set; }

    public decimal? Localtax1Tx { get; set; }

    public decimal? Localtax2Tx { get; set; }

    public decimal? MulticurrencySubprice { get; set; }

    public long? FkParentLine { get; set; }

    public long? FkUnit { get; set; }

    public JsonElement? ArrayOptions { get; set; }
}

/// <summary>Mapping between Dolibarr's document lines and ours, shared by the sales and purchasing resources.</summary>
public static class DolLines
{
    /// <summary>Validator fields as the client named them.</summary>
    public static readonly IReadOnlyDictionary<string, string> LineNames = new Dictionary<string, string>
    {
        [nameof(LineForm.Kind)] = "fk_product", [nameof(LineForm.ProductId)] = "fk_product", [nameof(LineForm.Description)] = "desc",
        [nameof(LineForm.Quantity)] = "qty", [nameof(LineForm.UnitPrice)] = "subprice", [nameof(LineForm.VatRate)] = "tva_tx",
        [nameof(LineForm.DiscountPercent)] = "remise_percent", [nameof(LineForm.ServiceStart)] = "date_start", [nameof(LineForm.ServiceEnd)] = "date_end",
    };

    /// <summary>
    /// A Unix time sent for a day: clients send local midnight (Paris midnight is 23:00 UTC the day before), so the
    /// day is the one twelve hours later, which is right for every time zone within ±12 h.
    /// </summary>
    public static DateOnly Day(long unix) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.AddHours(12));

    public static async Task<LineForm> LineFormAsync(DolLineInput input, IValidator<LineForm> validator, LineForm? current, CancellationToken cancellationToken)
    {
        var basis = (input.PriceBaseType ?? "HT").Trim().ToUpperInvariant() switch
        {
            "HT" => PriceBasis.ExclTax,
            "TTC" => PriceBasis.InclTax,
            _ => throw ApiException.BadRequest("price_base_type is HT or TTC."),
        };
        var form = current ?? new LineForm { Kind = input.FkProduct is > 0 ? LineKind.Product : LineKind.Free, Quantity = null };
        if (current is null || input.FkProduct is not null)
        {
            form.Kind = input.FkProduct is > 0 ? LineKind.Product : LineKind.Free;
            form.ProductId = input.FkProduct is > 0 ? input.FkProduct : null;
        }

        form.Description = input.Desc ?? input.Label ?? form.Description;
        form.Quantity = input.Qty ?? form.Quantity;
        form.UnitPrice = input.Subprice ?? form.UnitPrice;
        form.PriceBasis = input.PriceBaseType is null ? form.PriceBasis : basis;
        form.VatRate = input.TvaTx ?? form.VatRate;
        form.DiscountPercent = input.RemisePercent ?? form.DiscountPercent;
        form.ServiceStart = input.DateStart is { } start ? Day(start) : form.ServiceStart;
        form.ServiceEnd = input.DateEnd is { } end ? Day(end) : form.ServiceEnd;
        await validator.CheckAsync(form, LineNames, cancellationToken);
        return form;
    }

    public static LineForm FormOf(DocumentLine line) => new()
    {
        Kind = line.Kind, ProductId = line.ProductId, Description = line.Description, Quantity = line.Quantity,
        UnitPrice = line.PriceBasis == PriceBasis.InclTax ? line.UnitPriceInclTax ?? line.UnitPrice : line.UnitPrice,
        PriceBasis = line.PriceBasis, DiscountPercent = line.DiscountPercent, VatRate = line.VatRatePercent,
        ServiceStart = line.ServiceStart, ServiceEnd = line.ServiceEnd,
    };

    public static DolLine Line(DocumentLine l) => new(
        l.Id, l.Id, l.ProductId, l.ProductReference, l.Kind switch { LineKind.Title or LineKind.Subtotal => 9, _ => 0 },
        l.Description, l.Description, l.ProductReference is null ? null : l.Description,
        Dol.Num(l.Quantity), Dol.Num(l.UnitPrice), Dol.Num(l.UnitPrice), Dol.Num(l.VatRatePercent), Dol.Num(l.DiscountPercent),
        Dol.Num(l.TotalExclTax), Dol.Num(l.TotalVat), Dol.Num(l.TotalInclTax), l.PriceBasis == PriceBasis.InclTax ? "TTC" : "HT",
        l.Position, ApiDates.Unix(l.ServiceStart), ApiDates.Unix(l.ServiceEnd), l.Kind is LineKind.Title or LineKind.Subtotal ? 104777 : 0, 0);

    /// <summary>
    /// DELETE {id}/lines/{lineid} as Dolibarr refuses it: on a document that is no longer a draft, Dolibarr's
    /// deleteLine fails and its API answers 405 with the object's error, ErrorDeleteLineNotAllowedByObjectStatus
    /// (followed here by the handler's own words). Other refusals keep their usual status.
    /// </summary>
    public static async Task RemoveLineAsync(bool draft, Func<Task> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        try
        {
            await remove();
        }
        catch (DomainException refused) when (!draft && refused is not NotFoundException)
        {
            throw new ApiException(StatusCodes.Status405MethodNotAllowed, $"ErrorDeleteLineNotAllowedByObjectStatus: {refused.Message}");
        }
    }

    /// <summary>A date field as Dolibarr takes it (datepaye): Unix seconds (number or digits) or a date text; left out, today.</summary>
    public static DateOnly DayOf(JsonElement? value, string field)
    {
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return DateOnly.FromDateTime(DateTime.UtcNow);
            case { ValueKind: JsonValueKind.Number } n when n.TryGetInt64(out var unix):
                return Day(unix);
            case { ValueKind: JsonValueKind.String } s when long.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var unix):
                return Day(unix);
            case { ValueKind: JsonValueKind.String } s when DateTime.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date):
                return DateOnly.FromDateTime(date);
            default:
                throw ApiException.BadRequest($"{field} is a Unix time or a date (2026-12-07).");
        }
    }
}
