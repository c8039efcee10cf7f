namespace MokoCrm.Web.Modules.Stock.Public;

/// <summary>A warehouse as other modules see it: whether goods can be received into (or shipped from) it.</summary>
/// <param name="TakesGoods">Open: receptions and shipments may use it (closed and internal-only ones may not).</param>
public sealed record WarehouseSummary(long Id, string Reference, string Label, string Status, bool TakesGoods, bool IsDefault)
{
    public string Text => $"{Reference} - {Label}";
}

/// <summary>The warehouses as other modules read them (reception and shipment forms, their checks, their PDFs).</summary>
public interface IWarehouseLookup
{
    /// <summary>One query for all the ids; ids that do not exist are left out.</summary>
    Task<IReadOnlyList<WarehouseSummary>> FindManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>The open warehouses (the default first), for a document's warehouse choice.</summary>
    Task<IReadOnlyList<WarehouseSummary>> OpenAsync(CancellationToken cancellationToken = default);
}
