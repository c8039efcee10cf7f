using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Api;

/// <summary>A document line in the native API (proposals, orders, invoices, purchase orders, supplier invoices).</summary>
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

/// <summary>The body of a lined document's creation or header change: lines come only with a creation.</summary>
public interface ILinedDocumentInput
{
    List<LineInput>? Lines { get; }
}

/// <summary>The line shapes and the line form mapping of every lined document of the native API.</summary>
public static class NativeLines
{
    public static LineResource Line(DocumentLine l) => new(
        l.Id, l.Position, l.Kind, l.ProductId, l.ProductReference, l.Description, l.Quantity, l.UnitPrice, l.PriceBasis, l.UnitPriceInclTax,
        l.DiscountPercent, l.VatRatePercent, l.ServiceStart, l.ServiceEnd, l.TotalExclTax, l.TotalVat, l.TotalInclTax);

    public static IReadOnlyList<LineResource> Lines<TLine>(LinedDocument<TLine> document)
        where TLine : DocumentLine => document.OrderedLines.Select(Line).ToList();

    /// <summary>The line form of the screens, from what was sent over the current line (or a new one); checked by the screens' validator.</summary>
    public static async Task<LineForm> FormAsync(LineInput input, IValidator<LineForm> validator, DocumentLine? current, CancellationToken cancellationToken, IEnumerable<string>? sentNulls = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(validator);
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
        if (current is not null && sentNulls is not null)
        {
            ApiNulls.Clear(form, sentNulls);
        }

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

/// <summary>
/// A native controller of a document with lines: the line endpoints (add, change, remove) written once. Each reads
/// only the line it touches (one row, by id and document), never the whole document: the feature handler loads the
/// document once to apply its rules and totals. Adding or changing a line answers that line; removing answers 204.
/// Adding leaves the document's visibility to the handler, which loads it under the same rule (an unseen or unknown
/// document is its <see cref="NotFoundException"/>, answered as the document's 404); the body is checked first.
/// </summary>
public abstract class NativeLinedDocumentController<TLine> : NativeApiController
    where TLine : DocumentLine
{
    /// <summary>The resource's path under /api/v1 ("purchase-orders").</summary>
    protected abstract string Resource { get; }

    /// <summary>What a 404 names ("Purchase order").</summary>
    protected abstract string Noun { get; }

    /// <summary>Whether the key's user sees the document (an existence query, not a load): an unseen one is a 404.</summary>
    protected abstract Task<bool> IsVisibleAsync(long id);

    private AppDbContext Db => HttpContext.RequestServices.GetRequiredService<AppDbContext>();

    private IValidator<LineForm> LineValidator => HttpContext.RequestServices.GetRequiredService<IValidator<LineForm>>();

    /// <summary>
    /// PATCH of a draft's header, as its edit screen: the screen's form read from the document (null: not found or
    /// not visible, 404), the fields sent laid over it (a field left out is kept), checked by the screen's validator
    /// and saved by the screen's handler, which refuses a document that is no longer a draft (409).
    /// </summary>
    protected async Task PatchHeaderAsync<TInput, TForm>(TForm? current, Action<TInput, TForm> apply, Func<TForm, CancellationToken, Task> update)
        where TInput : ILinedDocumentInput, new()
        where TForm : class
    {
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(update);
        var form = current ?? throw ApiException.NotFound($"{Noun} not found.");
        var input = await BodyAsync<TInput>();
        if (input.Lines is not null)
        {
            throw ApiException.BadRequest("Lines are changed one by one: POST, PATCH or DELETE /lines.",
                new Dictionary<string, string[]> { ["lines"] = ["Lines are changed one by one: POST, PATCH or DELETE /lines."] });
        }

        apply(input, form);
        await ClearSentNullsAsync(form);
        await HttpContext.RequestServices.GetRequiredService<IValidator<TForm>>().CheckNativeAsync(form, Aborted);
        await update(form, Aborted);
    }

    protected async Task<IActionResult> AddLineAsync(long id, Func<LineForm, CancellationToken, Task<long>> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var form = await NativeLines.FormAsync(await BodyAsync<LineInput>(), LineValidator, null, Aborted);
        long lineId;
        try
        {
            // The handler loads the document under the same visibility (its "not found" is this 404): no query of its own first.
            lineId = await add(form, Aborted);
        }
        catch (NotFoundException)
        {
            // Only the document's own absence is named as the document; any other "not found" of the handler stays its own.
            if (!await IsVisibleAsync(id))
            {
                throw ApiException.NotFound($"{Noun} not found.");
            }

            throw;
        }

        return Created(NativeLines.Line(AddedHere(id, lineId) ?? await LineAsync(id, lineId)), $"/{Root}/{Resource}/{id}");
    }

    protected async Task<IActionResult> ChangeLineAsync(long id, long lineId, Func<LineForm, CancellationToken, Task> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await EnsureVisibleAsync(id);
        var form = await NativeLines.FormAsync(await BodyAsync<LineInput>(), LineValidator, await LineAsync(id, lineId), Aborted, await ApiNulls.SentAsync(Request));
        await change(form, Aborted);
        return Answer(NativeLines.Line(await LineAsync(id, lineId)));
    }

    protected async Task<IActionResult> RemoveLineAsync(long id, long lineId, Func<CancellationToken, Task> remove)
    {
        ArgumentNullException.ThrowIfNull(remove);
        await EnsureVisibleAsync(id);
        await LineAsync(id, lineId);
        await remove(Aborted);
        return NoContent();
    }

    private async Task EnsureVisibleAsync(long id)
    {
        if (!await IsVisibleAsync(id))
        {
            throw ApiException.NotFound($"{Noun} not found.");
        }
    }

    /// <summary>
    /// The line the handler has just inserted, as this request's context saved it: a new id can only be that row, so it
    /// is answered without reading it back. Null when the handler did not leave it tracked (then the row is read).
    /// </summary>
    private TLine? AddedHere(long id, long lineId) =>
        Db.TrackedWithoutDetecting<TLine>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.Id == lineId && e.Entity.DocumentId == id)
            .Select(e => e.Entity)
            .SingleOrDefault();

    private async Task<TLine> LineAsync(long id, long lineId) =>
        await Db.Set<TLine>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == lineId && l.DocumentId == id, Aborted) ?? throw ApiException.NotFound("Line not found.");
}
